package io.cartographer.memory;

import java.util.List;

/**
 * How one of the target's figures (memory in bytes, open descriptors) grew with the requests it
 * served: the least-squares slope of the readings taken when the measured phase started and after
 * each round, against the requests completed by then, with its 95 % confidence interval
 * (Student's t, readings − 2 degrees of freedom). A leak shows as a slope whose interval lies
 * above zero; a figure that settles once shows as a slope near zero with rounds enough.
 *
 * @param readings the readings the slope is fitted to
 * @param perRequest the slope, in the figure's unit per request, or {@code null} when {@code
 *     notMeasured} says why
 * @param intervalLow the lower end of the 95 % interval
 * @param intervalHigh the upper end
 */
public record GrowthSlope(
    int readings, Double perRequest, Double intervalLow, Double intervalHigh, String notMeasured) {

  /** Two-sided 97.5 % quantiles of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
  };

  public static GrowthSlope notMeasured(String reason) {
    return new GrowthSlope(0, null, null, null, reason);
  }

  /** One reading: requests completed so far, and the figure then. */
  public record Point(long requests, double value) {}

  /** The slope of {@code points}; at least 3 with different request counts are needed. */
  public static GrowthSlope fit(List<Point> points) {
    int n = points.size();
    if (n < 3) {
      return new GrowthSlope(n, null, null, null, n + " readings at round ends (3 or more are needed: "
          + "rounds: 2 or more, and a metrics endpoint that answers at each)");
    }
    double meanX = points.stream().mapToDouble(Point::requests).average().orElseThrow();
    double meanY = points.stream().mapToDouble(Point::value).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      sxx += (p.requests() - meanX) * (p.requests() - meanX);
      sxy += (p.requests() - meanX) * (p.value() - meanY);
    }
    if (sxx <= 0) {
      return new GrowthSlope(n, null, null, null, "every reading came at the same request count");
    }
    double slope = sxy / sxx;
    double residuals = 0;
    for (Point p : points) {
      double fitted = meanY + slope * (p.requests() - meanX);
      residuals += (p.value() - fitted) * (p.value() - fitted);
    }
    int df = n - 2;
    double standardError = Math.sqrt(residuals / df / sxx);
    double t = df <= T975.length ? T975[df - 1] : 1.96;
    return new GrowthSlope(n, slope, slope - t * standardError, slope + t * standardError, null);
  }
}
