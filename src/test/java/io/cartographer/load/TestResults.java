package io.cartographer.load;

import io.cartographer.plan.Variant;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Builds results with known figures, for tests of what consumes results. */
public final class TestResults {

  private TestResults() {}

  /** A closed-model result whose successes took {@code micros} each, plus {@code failed} 500s. */
  public static VariantResult of(Variant variant, long failed, long... micros) {
    Histogram latency = Distribution.latencyHistogram();
    Histogram ttfb = Distribution.latencyHistogram();
    Histogram sizes = Distribution.sizeHistogram();
    for (long m : micros) {
      latency.recordValue(m);
      ttfb.recordValue(m / 2);
      sizes.recordValue(10);
    }
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      errors.put(k, 0L);
    }
    errors.put(ErrorKind.STATUS, failed);
    Map<ErrorKind, String> samples = failed > 0 ? Map.of(ErrorKind.STATUS, "status 500 (expected 200)") : Map.of();
    Map<Integer, Long> statuses = new TreeMap<>();
    if (micros.length > 0) {
      statuses.put(200, (long) micros.length);
    }
    if (failed > 0) {
      statuses.put(500, failed);
    }
    Instant now = Instant.now();
    return new VariantResult(
        variant, now, now.plusSeconds(1), micros.length + failed, 0, micros.length, errors, samples,
        statuses, java.util.Map.of(), 1.0, 10L * micros.length, Distribution.of(latency), null, Distribution.of(ttfb),
        Distribution.of(sizes), new BodyDigests(true, micros.length > 0 ? 1 : 0, false, micros.length > 0 ? java.util.List.of(42L) : java.util.List.of()), null,
        java.util.List.of(new RoundFigures(micros.length + failed, failed, 1.0, Distribution.of(latency.copy()))), null, java.util.List.of(), null, null);
  }
}
