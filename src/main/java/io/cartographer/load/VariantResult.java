package io.cartographer.load;

import io.cartographer.plan.Variant;
import java.time.Instant;
import java.util.Map;

/**
 * What one variant's measured phase produced. Warm-up requests appear only in {@code
 * warmupRequests}; every other figure covers the recorded requests alone, and every latency
 * figure covers successful requests alone.
 *
 * @param requests recorded requests that completed, successfully or not
 * @param succeeded requests with the expected status and a complete body
 * @param errors failed requests by kind; every kind is present, most with 0
 * @param errorSamples the first message seen for each kind that occurred
 * @param statusCounts responses by HTTP status, whether expected or not
 * @param httpVersions responses by the HTTP version they came in ({@code 1.0}, {@code 1.1}, {@code
 *     2}), whether expected or not
 * @param measuredSeconds wall time of the measured phase, first send to last completion
 * @param bytesReceived response body bytes of recorded requests
 * @param latency from the intended send time (the actual one in the closed model) to the end of
 *     the body, in microseconds
 * @param serviceTime open model: from the actual send to the end of the body (uncorrected);
 *     {@code null} in the closed model, where it equals {@code latency}
 * @param ttfb from the actual send to the response headers, in microseconds
 * @param responseSizes body sizes of successful responses, in bytes
 * @param open open model: what was planned and achieved; {@code null} in the closed model
 * @param rounds the measured phase round by round, in order
 * @param timeline the measured phase second by second; {@code null} where none was recorded (a
 *     distributed run's merge: each shard keeps its own)
 * @param windows how each window limit fared while the variant ran, in plan order
 * @param stoppedBecause why the variant's load stopped before its end (a breached abort-on-fail
 *     window, or the run stopping), or {@code null} when it ran to its end
 * @param capacity the capacity model: what its search found (then the other figures are its
 *     highest step that held, or its first); {@code null} for other models
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
    Map<String, Long> httpVersions,
    double measuredSeconds,
    long bytesReceived,
    Distribution latency,
    Distribution serviceTime,
    Distribution ttfb,
    Distribution responseSizes,
    BodyDigests digests,
    OpenModelCounts open,
    java.util.List<RoundFigures> rounds,
    Timeline timeline,
    java.util.List<WindowOutcome> windows,
    String stoppedBecause,
    CapacityOutcome capacity) {

  public VariantResult {
    rounds = java.util.List.copyOf(rounds);
    windows = java.util.List.copyOf(windows);
    errors = Map.copyOf(errors);
    errorSamples = Map.copyOf(errorSamples);
    statusCounts = Map.copyOf(statusCounts);
    httpVersions = Map.copyOf(httpVersions);
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
