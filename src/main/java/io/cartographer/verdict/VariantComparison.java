package io.cartographer.verdict;

import java.util.List;

/**
 * A variant against its baseline.
 *
 * @param status how the variant stood to its baseline
 * @param baselineId the passport of this variant's baseline: its latest clean measurement in a
 *     like environment; {@code null} without one
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record VariantComparison(ComparisonStatus status, String reason, String baselineId, List<MetricComparison> metrics) {

  public VariantComparison {
    metrics = List.copyOf(metrics);
  }

  public long count(String category, RegressionTest.Finding finding) {
    return metrics.stream().filter(m -> m.category().equals(category) && m.finding() == finding).count();
  }

  /**
   * One metric against the baseline.
   *
   * @param category {@code performance} or {@code memory}
   * @param pValue the one-sided p-value of "worse by at most the tolerance", before the run's
   *     false-alarm control
   * @param samplesNeeded requests per run that would let the sample resolve the tolerance, when
   *     this one cannot; {@code null} otherwise
   */
  @io.quarkus.runtime.annotations.RegisterForReflection
  public record MetricComparison(
      String metric,
      String category,
      Double baseline,
      Double current,
      Double relativeChange,
      Double intervalLow,
      Double intervalHigh,
      Double pValue,
      String noiseSource,
      RegressionTest.Finding finding,
      String reason,
      Long samplesNeeded) {}
}
