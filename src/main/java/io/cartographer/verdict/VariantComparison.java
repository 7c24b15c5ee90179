package io.cartographer.verdict;

import java.util.List;

/**
 * A variant against its baseline.
 *
 * @param status {@code compared}, {@code incomparable} (its definition changed, or the baseline
 *     lacks it), or {@code no-baseline}
 */
@io.quarkus.runtime.annotations.RegisterForReflection
public record VariantComparison(String status, String reason, List<MetricComparison> metrics) {

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
      String reason) {}
}
