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

  /** The verdict as a passport writes it for a variant: {@code pass} or {@code fail}. */
  public Result result() {
    return passed ? Result.PASS : Result.FAIL;
  }

  /** A variant's verdict; written in lower case, unlike a run's {@link Verdict}. */
  @io.quarkus.runtime.annotations.RegisterForReflection
  public enum Result {
    PASS,
    FAIL;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean passed() {
      return this == PASS;
    }
  }

  /** The reasons of the failed checks, or {@code "all thresholds met"}. */
  public String reason() {
    List<String> failed = checks.stream().filter(c -> !c.passed()).map(ThresholdCheck::reason).toList();
    return failed.isEmpty() ? "all thresholds met" : String.join("; ", failed);
  }
}
