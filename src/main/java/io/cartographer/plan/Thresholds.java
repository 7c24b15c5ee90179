package io.cartographer.plan;

import java.time.Duration;

/**
 * Limits a variant's result must stay within; a {@code null} limit is not checked.
 *
 * @param maxP50 median latency of successful requests
 * @param maxP99 99th percentile latency of successful requests
 * @param maxErrorRate failed requests / all recorded requests, 0 to 1
 * @param maxMemoryDelta target memory after the variant minus before, in bytes
 * @param maxMemoryPeak highest target memory sampled during the variant, in bytes
 * @param maxMemoryGrowth bytes per request the target's memory may grow by: a leak is declared
 *     when the lower end of the growth slope's 95 % interval is above it
 * @param maxCpuPerRequest target CPU time per request, from its counters
 * @param maxAllocPerRequest bytes the target may allocate per request
 * @param maxGcPauseShare the share of the measured phase the target may spend in collection
 *     pauses, 0 to 1
 * @param maxFdDelta open file descriptors the target may hold more after the variant than before
 * @param maxFdGrowth descriptors per request the target's open descriptors may grow by: a
 *     descriptor leak is declared when the lower end of the slope's 95 % interval is above it
 * @param windows limits judged over sliding windows while the variant runs; {@code null} only in
 *     a plan node's own thresholds that do not set them (then the inherited ones apply)
 */
public record Thresholds(
    Duration maxP50,
    Duration maxP99,
    Double maxErrorRate,
    Long maxMemoryDelta,
    Long maxMemoryPeak,
    Double maxMemoryGrowth,
    Duration maxCpuPerRequest,
    Long maxAllocPerRequest,
    Double maxGcPauseShare,
    Long maxFdDelta,
    Double maxFdGrowth,
    java.util.List<WindowThreshold> windows) {

  public static final Thresholds NONE = new Thresholds(null, null, null, null, null);

  public Thresholds {
    windows = windows == null ? null : java.util.List.copyOf(windows);
  }

  /** Latency, error and memory limits only. */
  public Thresholds(Duration maxP50, Duration maxP99, Double maxErrorRate, Long maxMemoryDelta, Long maxMemoryPeak) {
    this(maxP50, maxP99, maxErrorRate, maxMemoryDelta, maxMemoryPeak, null, null, null, null, null, null);
  }

  /** Every limit but windows. */
  public Thresholds(Duration maxP50, Duration maxP99, Double maxErrorRate, Long maxMemoryDelta, Long maxMemoryPeak,
      Double maxMemoryGrowth, Duration maxCpuPerRequest, Long maxAllocPerRequest, Double maxGcPauseShare,
      Long maxFdDelta, Double maxFdGrowth) {
    this(maxP50, maxP99, maxErrorRate, maxMemoryDelta, maxMemoryPeak, maxMemoryGrowth, maxCpuPerRequest,
        maxAllocPerRequest, maxGcPauseShare, maxFdDelta, maxFdGrowth, java.util.List.of());
  }

  /** The window limits, none when unset. */
  public java.util.List<WindowThreshold> windowLimits() {
    return windows == null ? java.util.List.of() : windows;
  }

  /** Each limit of {@code override} that is set replaces the one here. */
  Thresholds overriddenBy(Thresholds override) {
    return new Thresholds(
        override.maxP50 != null ? override.maxP50 : maxP50,
        override.maxP99 != null ? override.maxP99 : maxP99,
        override.maxErrorRate != null ? override.maxErrorRate : maxErrorRate,
        override.maxMemoryDelta != null ? override.maxMemoryDelta : maxMemoryDelta,
        override.maxMemoryPeak != null ? override.maxMemoryPeak : maxMemoryPeak,
        override.maxMemoryGrowth != null ? override.maxMemoryGrowth : maxMemoryGrowth,
        override.maxCpuPerRequest != null ? override.maxCpuPerRequest : maxCpuPerRequest,
        override.maxAllocPerRequest != null ? override.maxAllocPerRequest : maxAllocPerRequest,
        override.maxGcPauseShare != null ? override.maxGcPauseShare : maxGcPauseShare,
        override.maxFdDelta != null ? override.maxFdDelta : maxFdDelta,
        override.maxFdGrowth != null ? override.maxFdGrowth : maxFdGrowth,
        override.windows != null ? override.windows : windows);
  }
}
