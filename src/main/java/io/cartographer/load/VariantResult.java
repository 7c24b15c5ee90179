package io.cartographer.load;

import io.cartographer.plan.Variant;
import java.time.Instant;
import java.util.Map;

/**
 * What one variant's measured phase produced. Warm-up requests appear only in {@code
 * warmupRequests}; every other figure covers the recorded requests alone.
 *
 * @param requests recorded requests that completed, successfully or not
 * @param succeeded requests with the expected status and a complete body
 * @param errors failed requests by kind; every kind is present, most with 0
 * @param errorSamples the first message seen for each kind that occurred
 * @param statusCounts responses by HTTP status, whether expected or not
 * @param measuredSeconds wall time of the measured phase, first send to last completion
 * @param bytesReceived response body bytes of recorded requests
 * @param latency send-to-body-complete latency of successful requests only
 */
public record VariantResult(
    Variant variant,
    Instant startedAt,
    Instant finishedAt,
    long requests,
    long warmupRequests,
    long succeeded,
    Map<ErrorKind, Long> errors,
    Map<ErrorKind, String> errorSamples,
    Map<Integer, Long> statusCounts,
    double measuredSeconds,
    long bytesReceived,
    LatencyDistribution latency) {

  public VariantResult {
    errors = Map.copyOf(errors);
    errorSamples = Map.copyOf(errorSamples);
    statusCounts = Map.copyOf(statusCounts);
  }

  public long failed() {
    return requests - succeeded;
  }

  /** Failed / recorded requests; 0 when nothing was recorded. */
  public double errorRate() {
    return requests == 0 ? 0 : (double) failed() / requests;
  }

  /** Completed recorded requests per second of the measured phase. */
  public double throughput() {
    return measuredSeconds <= 0 ? 0 : requests / measuredSeconds;
  }
}
