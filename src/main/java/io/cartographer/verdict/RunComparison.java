package io.cartographer.verdict;

import java.util.List;
import java.util.Map;

/**
 * A run compared, variant by variant, with each variant's own baseline.
 *
 * @param baselineId the baseline most variants were compared with (the newest when tied), or
 *     {@code null} when no variant had one; each variant names its own
 * @param baselineSource why: {@code pinned}, {@code given}, {@code latest-clean}
 * @param warnings differences of where the runs were measured that make the comparison less
 *     trustworthy
 * @param falseAlarmRate the run-level false-alarm rate its findings were decided at
 * @param byVariant by {@code endpoint/variant}
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record RunComparison(
    String baselineId,
    String baselineSource,
    List<String> warnings,
    double falseAlarmRate,
    Map<String, VariantComparison> byVariant) {

  public RunComparison {
    warnings = List.copyOf(warnings);
    byVariant = Map.copyOf(byVariant);
  }

  /** The regression verdict of the whole run. */
  @io.quarkus.runtime.annotations.RegisterForReflection
  public enum Verdict {
    /** A variant regressed. */
    REGRESSION("regression"),
    /** None regressed, but a variant ran in an environment unlike its baseline's. */
    INCONCLUSIVE_ENVIRONMENT("inconclusive: environment"),
    /** Every compared variant was judged, and none regressed. */
    NO_REGRESSION("no regression"),
    /** No variant had a baseline. */
    NO_BASELINE("no baseline");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return label;
    }
  }

  public ComparisonJudge.Counts counts() {
    return ComparisonJudge.counts(byVariant);
  }

  public Verdict verdict() {
    ComparisonJudge.Counts c = counts();
    if (c.performanceRegressions() + c.memoryRegressions() > 0) {
      return Verdict.REGRESSION;
    }
    if (c.inconclusiveEnvironment() > 0) {
      return Verdict.INCONCLUSIVE_ENVIRONMENT;
    }
    return byVariant.values().stream().anyMatch(v -> v.status() == ComparisonStatus.COMPARED)
        ? Verdict.NO_REGRESSION : Verdict.NO_BASELINE;
  }
}
