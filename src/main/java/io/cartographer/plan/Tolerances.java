package io.cartographer.plan;

import java.util.Map;

/**
 * How much worse a metric may get before it can count as a regression, as a fraction (0.05 is
 * 5 %): one default, overridable per metric, at plan and variant level.
 *
 * @param byMetric tolerances of single metrics: {@code p50}, {@code p99}, {@code throughput},
 *     {@code error-rate}, {@code memory-peak}, {@code memory-delta}, {@code cpu-per-request},
 *     {@code alloc-per-request}, {@code capacity}
 */
public record Tolerances(double fallback, Map<String, Double> byMetric) {

  public static final Tolerances FIVE_PERCENT = new Tolerances(0.05, Map.of());

  public static final java.util.Set<String> METRICS =
      java.util.Set.of("p50", "p99", "throughput", "error-rate", "memory-peak", "memory-delta",
          "cpu-per-request", "alloc-per-request", "capacity");

  public Tolerances {
    byMetric = Map.copyOf(byMetric);
  }

  public double of(String metric) {
    return byMetric.getOrDefault(metric, fallback);
  }
}
