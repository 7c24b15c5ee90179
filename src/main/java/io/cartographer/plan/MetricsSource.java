package io.cartographer.plan;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the target's own memory figure is read: a Prometheus or OpenMetrics endpoint and the
 * series whose value (summed over matching label sets) is the figure.
 *
 * @param url absolute URL of the metrics endpoint
 * @param series a selector such as {@code process_resident_memory_bytes} or {@code
 *     jvm_memory_used_bytes{area="heap"}}
 * @param interval how often the endpoint is scraped while a variant runs
 * @param efficiencySeries the metric a target-efficiency figure is read from instead of the
 *     well-known ones, by figure: {@code cpu} (seconds), {@code alloc} (bytes), {@code gc-count},
 *     {@code gc-pause} (seconds), {@code open-fds}
 */
public record MetricsSource(URI url, String series, Duration interval, Map<String, String> efficiencySeries) {

  /** The figures a plan may name a metric for. */
  public static final java.util.List<String> EFFICIENCY_FIGURES =
      java.util.List.of("cpu", "alloc", "gc-count", "gc-pause", "open-fds");

  public MetricsSource {
    efficiencySeries = Map.copyOf(efficiencySeries);
  }

  public MetricsSource(URI url, String series, Duration interval) {
    this(url, series, interval, Map.of());
  }
}
