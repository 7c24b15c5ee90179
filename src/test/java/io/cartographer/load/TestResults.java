package io.cartographer.load;

import io.cartographer.plan.Variant;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Builds results with known figures, for tests of what consumes results. */
public final class TestResults {

  private TestResults() {}

  /** A result whose successful requests took {@code micros} each, plus {@code failed} status errors. */
  public static VariantResult of(Variant variant, long failed, long... micros) {
    Histogram h = LatencyDistribution.newHistogram();
    for (long m : micros) {
      h.recordValue(m);
    }
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      errors.put(k, 0L);
    }
    errors.put(ErrorKind.STATUS, failed);
    Map<ErrorKind, String> samples = failed > 0 ? Map.of(ErrorKind.STATUS, "status 500 (expected 200)") : Map.of();
    Map<Integer, Long> statuses = new java.util.TreeMap<>();
    if (micros.length > 0) {
      statuses.put(200, (long) micros.length);
    }
    if (failed > 0) {
      statuses.put(500, failed);
    }
    Instant now = Instant.now();
    return new VariantResult(
        variant, now, now.plusSeconds(1), micros.length + failed, 0, micros.length, errors, samples,
        statuses, 1.0, 10L * micros.length, LatencyDistribution.of(h));
  }
}
