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
    GrowthSlope growth) {

  public static TargetMemory notMeasured(String reason) {
    return new TargetMemory(null, null, null, null, null, null, 0, 0, reason, GrowthSlope.notMeasured(reason));
  }
}
