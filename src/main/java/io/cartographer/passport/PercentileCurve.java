package io.cartographer.passport;

import io.cartographer.load.Distribution;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The latency percentile curve of one variant of a passport, decoded from the histogram the
 * passport stores (not from its summary percentiles), in milliseconds.
 */
@RegisterForReflection
public record PercentileCurve(String endpoint, String variant, String unit, long count, List<Point> points) {

  /** One point: the value at {@code percentile} (0 to 100). */
  @RegisterForReflection
  public record Point(double percentile, double value) {}

  static final int TICKS_PER_HALF_DISTANCE = 5;

  /**
   * @return empty when the passport has no such variant
   * @throws IllegalArgumentException when the variant's latency histogram is missing or damaged
   */
  public static Optional<PercentileCurve> of(Passport passport, String endpoint, String variant) {
    for (Passport.TestResult result : passport.testResults()) {
      if (endpoint.equals(result.endpoint()) && variant.equals(result.variant())) {
        Passport.EncodedHistogram latency = result.histograms().latency();
        if (!"us".equals(latency.unit())) {
          throw new IllegalArgumentException(
              endpoint + "/" + variant + " has no latency histogram in microseconds");
        }
        Distribution d = Distribution.decode(latency.data());
        List<Point> points = new ArrayList<>();
        for (double[] p : d.percentileCurve(TICKS_PER_HALF_DISTANCE)) {
          points.add(new Point(p[0], p[1] / 1000.0));
        }
        return Optional.of(new PercentileCurve(endpoint, variant, "ms", d.count(), points));
      }
    }
    return Optional.empty();
  }
}
