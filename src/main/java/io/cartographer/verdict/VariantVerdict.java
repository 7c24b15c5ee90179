package io.cartographer.verdict;

import java.util.List;

/** Whether a variant passed, and each check behind the answer. */
public record VariantVerdict(boolean passed, List<ThresholdCheck> checks) {

  public VariantVerdict {
    checks = List.copyOf(checks);
  }

  /** Whether a check of {@code category} failed. */
  public boolean failed(ThresholdCheck.Category category) {
    return checks.stream().anyMatch(c -> c.category() == category && !c.passed());
  }

  /** The reasons of the failed checks, or {@code "all thresholds met"}. */
  public String reason() {
    List<String> failed = checks.stream().filter(c -> !c.passed()).map(ThresholdCheck::reason).toList();
    return failed.isEmpty() ? "all thresholds met" : String.join("; ", failed);
  }
}
