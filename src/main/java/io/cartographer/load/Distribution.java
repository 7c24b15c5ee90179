package io.cartographer.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An immutable view of an HdrHistogram: latencies in microseconds (1 µs to 1 h, 3 significant
 * digits, so every figure is within 0.1 % of the recorded value) or sizes in bytes (up to 4 GiB, 2
 * digits). Its footprint does not grow with the number of values recorded, which is what keeps the
 * probe's memory flat as request counts grow: its counts array starts small and is widened only as
 * far as the largest value recorded needs (16 KiB for sub-millisecond latencies, 190 KiB at most),
 * so a round's fresh histograms cost the young generation little. Shared across threads only after
 * recording ended.
 */
public final class Distribution {

  /** Largest latency tracked; longer latencies are recorded as this. */
  public static final long HIGHEST_MICROS = 3_600_000_000L;

  /** Largest size tracked; larger bodies are recorded as this. */
  public static final long HIGHEST_BYTES = 1L << 32;

  private final Histogram histogram;

  private Distribution(Histogram histogram) {
    this.histogram = histogram;
  }

  /** An empty latency histogram (1 µs resolution, 3 digits), widened as values need. */
  static Histogram latencyHistogram() {
    return new Histogram(3);
  }

  /** An empty size histogram (bytes, 2 digits), widened as values need. */
  static Histogram sizeHistogram() {
    return new Histogram(2);
  }

  /** Records a latency in microseconds, clamped ({@link #clampMicros}). */
  static void recordMicros(Histogram histogram, long micros) {
    histogram.recordValue(clampMicros(micros));
  }

  /** A latency in microseconds as the histograms keep it: 0 to {@link #HIGHEST_MICROS}. */
  static long clampMicros(long micros) {
    return Math.min(Math.max(micros, 0), HIGHEST_MICROS);
  }

  /** Records a size in bytes, clamped to 0 to {@link #HIGHEST_BYTES}. */
  static void recordBytes(Histogram histogram, long bytes) {
    histogram.recordValue(Math.min(Math.max(bytes, 0), HIGHEST_BYTES));
  }

  /** Takes ownership of {@code histogram}; nobody may record into it afterwards. */
  static Distribution of(Histogram histogram) {
    return new Distribution(histogram);
  }

  /**
   * Decodes a histogram written by {@link #encoded()}.
   *
   * @throws IllegalArgumentException when the text is not such a histogram
   */
  public static Distribution decode(String base64) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
      Histogram decoded = Histogram.decodeFromCompressedByteBuffer(bytes, 1);
      decoded.setAutoResize(true); // so that merging a wider one into it widens it
      return new Distribution(decoded);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
    }
  }

  /** The union of several distributions, as if all values had been recorded into one. */
  public static Distribution merge(Iterable<Distribution> parts) {
    Histogram union = null;
    for (Distribution part : parts) {
      if (union == null) {
        // widened by each wider part it takes in, whatever range the first one had
        union = new Histogram(part.histogram.getNumberOfSignificantValueDigits());
      }
      union.add(part.histogram);
    }
    return new Distribution(union == null ? latencyHistogram() : union);
  }

  public long count() {
    return histogram.getTotalCount();
  }

  public long min() {
    return histogram.getMinValue();
  }

  public long max() {
    return histogram.getMaxValue();
  }

  public double mean() {
    return histogram.getMean();
  }

  public double stddev() {
    return histogram.getStdDeviation();
  }

  /** The value at {@code percentile} (0 to 100). */
  public long valueAt(double percentile) {
    return histogram.getValueAtPercentile(percentile);
  }

  /**
   * The {@code rank}-th smallest value recorded (1-based), as its bucket's highest equivalent value
   * (the representative {@link #valueAt} reports too); the largest value beyond the count.
   */
  public long valueAtRank(long rank) {
    long seen = 0;
    for (org.HdrHistogram.HistogramIterationValue v : histogram.recordedValues()) {
      seen += v.getCountAtValueIteratedTo();
      if (seen >= rank) {
        return histogram.highestEquivalentValue(v.getValueIteratedTo());
      }
    }
    return histogram.getMaxValue();
  }

  /** Base64 of the compressed HdrHistogram encoding, for later merging and re-analysis. */
  public String encoded() {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  /**
   * The distribution's percentile curve, as HdrHistogram's percentile output gives it: points
   * denser towards the tail ({@code ticksPerHalfDistance} per halving of the distance to 100 %).
   *
   * @return pairs of percentile (0 to 100) and value, in recording units
   */
  public java.util.List<double[]> percentileCurve(int ticksPerHalfDistance) {
    java.util.List<double[]> points = new java.util.ArrayList<>();
    if (histogram.getTotalCount() == 0) {
      return points;
    }
    for (org.HdrHistogram.HistogramIterationValue v : histogram.percentiles(ticksPerHalfDistance)) {
      points.add(new double[] {v.getPercentileLevelIteratedTo(), v.getValueIteratedTo()});
    }
    return points;
  }
}
