package io.cartographer.load;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An immutable view of a latency histogram in microseconds (1 µs to 1 h, 3 significant digits:
 * every figure is within 0.1 % of the recorded value, at a fixed few hundred KiB whatever the
 * request count). Shared across threads only after recording has finished.
 */
public final class LatencyDistribution {

  /** Largest value a histogram tracks; longer latencies are recorded as this. */
  public static final long HIGHEST_MICROS = 3_600_000_000L;

  static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram histogram;

  private LatencyDistribution(Histogram histogram) {
    this.histogram = histogram;
  }

  static Histogram newHistogram() {
    return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
  }

  /** Takes ownership of {@code histogram}; the caller must not record into it afterwards. */
  static LatencyDistribution of(Histogram histogram) {
    return new LatencyDistribution(histogram);
  }

  /**
   * Decodes a histogram written by {@link #encoded()}.
   *
   * @throws IllegalArgumentException when the text is not such a histogram
   */
  public static LatencyDistribution decode(String base64) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
      return new LatencyDistribution(Histogram.decodeFromCompressedByteBuffer(bytes, 1));
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
    }
  }

  /** The union of several distributions, as if all values had been recorded into one. */
  public static LatencyDistribution merge(Iterable<LatencyDistribution> parts) {
    Histogram union = newHistogram();
    for (LatencyDistribution part : parts) {
      union.add(part.histogram);
    }
    return new LatencyDistribution(union);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public double minMillis() {
    return histogram.getMinValue() / 1000.0;
  }

  public double meanMillis() {
    return histogram.getMean() / 1000.0;
  }

  public double maxMillis() {
    return histogram.getMaxValue() / 1000.0;
  }

  /** The value at {@code percentile} (0-100), in milliseconds. */
  public double percentileMillis(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Base64 of the compressed HdrHistogram encoding, for later merging and re-analysis. */
  public String encoded() {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }
}
