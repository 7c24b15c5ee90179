package io.cartographer.plan;

import java.net.URI;
import java.time.Duration;

/**
 * Where the target's own memory figure is read: a Prometheus or OpenMetrics endpoint and the
 * series whose value (summed over matching label sets) is the figure.
 *
 * @param url absolute URL of the metrics endpoint
 * @param series a selector such as {@code process_resident_memory_bytes} or {@code
 *     jvm_memory_used_bytes{area="heap"}}
 * @param interval how often the endpoint is scraped while a variant runs
 */
public record MetricsSource(URI url, String series, Duration interval) {}
