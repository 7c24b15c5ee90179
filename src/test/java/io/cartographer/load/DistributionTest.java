package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DistributionTest {

  @Test
  void aFreshHistogramIsSmallAndWidensAsFarAsItsValuesNeed() {
    Histogram latency = Distribution.latencyHistogram();
    for (int i = 0; i < 10_000; i++) {
      Distribution.recordMicros(latency, 80 + i % 40);
    }
    // sub-millisecond latencies need no more than the first buckets: a fraction of the full range
    long subMillisecond = latency.getEstimatedFootprintInBytes();
    assertTrue(subMillisecond < 40 * 1024, "footprint " + subMillisecond);

    Distribution.recordMicros(latency, 2_500_000);
    assertTrue(latency.getEstimatedFootprintInBytes() > subMillisecond);
    Distribution d = Distribution.of(latency);
    assertEquals(10_001, d.count());
    assertTrue(Math.abs(d.max() - 2_500_000) <= 2_500, "max " + d.max());
    assertTrue(Math.abs(d.valueAt(50) - 100) <= 5, "p50 " + d.valueAt(50));
  }

  @Test
  void valuesBeyondTheRangeAreClampedNotLost() {
    Histogram latency = Distribution.latencyHistogram();
    Distribution.recordMicros(latency, Long.MAX_VALUE);
    Distribution.recordMicros(latency, -5);
    Histogram sizes = Distribution.sizeHistogram();
    Distribution.recordBytes(sizes, 1L << 40);

    Distribution d = Distribution.of(latency);
    assertEquals(2, d.count());
    assertEquals(0, d.min());
    assertTrue(d.max() >= Distribution.HIGHEST_MICROS);
    assertTrue(Distribution.of(sizes).max() >= Distribution.HIGHEST_BYTES);
  }

  @Test
  void mergingDecodedPartsOfDifferentRangesWidensTheUnion() {
    Histogram narrow = Distribution.latencyHistogram();
    Distribution.recordMicros(narrow, 100);
    Histogram wide = Distribution.latencyHistogram();
    Distribution.recordMicros(wide, 30_000_000);
    // as a distributed merge sees them: decoded from passports, the narrow one first
    Distribution first = Distribution.decode(Distribution.of(narrow).encoded());
    Distribution second = Distribution.decode(Distribution.of(wide).encoded());

    Distribution union = Distribution.merge(List.of(first, second));
    assertEquals(2, union.count());
    assertEquals(100, union.min());
    assertTrue(Math.abs(union.max() - 30_000_000) <= 30_000, "max " + union.max());
    // and a wider part decoded first takes a narrower one too
    assertEquals(2, Distribution.merge(List.of(second, first)).count());
  }
}
