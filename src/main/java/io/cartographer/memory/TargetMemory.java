package io.cartographer.memory;

/**
 * The target's memory around one variant, read from its metrics endpoint. Figures that could not
 * be read are {@code null} and {@code notMeasured} says why; nothing is ever reported as 0 for
 * want of a reading.
 *
 * @param url where the figures came from, or {@code null} when the plan names no endpoint
 * @param series the series summed into each figure
 * @param beforeBytes read just before the variant started
 * @param afterBytes read just after it ended
 * @param peakBytes the highest of every successful reading, before, during and after
 * @param deltaBytes {@code after - before}
 * @param samples successful readings
 * @param failedSamples readings that failed
 * @param growth memory against requests over the measured phase's rounds
 * @param timed each successful reading with when it was taken ({@code System.nanoTime()}), in order,
 *     for the per-second timeline; at most {@link #MAX_TIMED} of them
 */
public record TargetMemory(
    String url,
    String series,
    Long beforeBytes,
    Long afterBytes,
    Long peakBytes,
    Long deltaBytes,
    int samples,
    int failedSamples,
    String notMeasured,
    GrowthSlope growth,
    java.util.List<Reading> timed) {

  /** Timed readings kept at most: a day of readings every 10 s, or 17 minutes of every 50 ms. */
  public static final int MAX_TIMED = 20_000;

  public TargetMemory {
    timed = java.util.List.copyOf(timed);
  }

  /** A reading and when it was taken. */
  public record Reading(long nanos, long bytes) {}

  /** Without timed readings. */
  public TargetMemory(String url, String series, Long beforeBytes, Long afterBytes, Long peakBytes, Long deltaBytes,
      int samples, int failedSamples, String notMeasured, GrowthSlope growth) {
    this(url, series, beforeBytes, afterBytes, peakBytes, deltaBytes, samples, failedSamples, notMeasured, growth,
        java.util.List.of());
  }

  public static TargetMemory notMeasured(String reason) {
    return new TargetMemory(null, null, null, null, null, null, 0, 0, reason, GrowthSlope.notMeasured(reason));
  }
}
