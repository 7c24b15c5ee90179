package io.cartographer.cli;

import io.cartographer.passport.Passport;
import java.util.Locale;

/**
 * A variant's target-efficiency and growth figures as the CLI table and the Markdown summary show
 * them: {@code n/a} where the passport has none (its {@code not_measured} says why).
 */
final class TargetFigures {

  private TargetFigures() {}

  /** Target CPU milliseconds per request (CPU seconds per 1,000 requests). */
  static String cpuMsPerRequest(Passport.TestResult r) {
    Passport.TargetEfficiency e = r.targetEfficiency();
    return e == null ? "n/a" : decimals(e.cpuSecondsPer1kRequests(), 3);
  }

  /** Bytes the target allocated per request; {@code n/a} where it counts objects, not bytes. */
  static String allocBytesPerRequest(Passport.TestResult r) {
    Passport.TargetEfficiency e = r.targetEfficiency();
    return e == null || !"bytes".equals(e.allocUnit()) ? "n/a" : decimals(e.allocPerRequest(), 0);
  }

  /** Memory growth in bytes per request with its 95 % interval. */
  static String memoryGrowth(Passport.TestResult r) {
    Passport.Growth g = r.memory().target().growth();
    return g == null ? "n/a" : withInterval(g.bytesPerRequest(), g.intervalLow(), g.intervalHigh(), 0);
  }

  /** Open-descriptor growth per 1,000 requests with its 95 % interval. */
  static String descriptorGrowth(Passport.TestResult r) {
    Passport.TargetEfficiency e = r.targetEfficiency();
    Passport.DescriptorGrowth g = e == null ? null : e.openFdsGrowth();
    return g == null ? "n/a" : withInterval(g.per1kRequests(), g.intervalLow(), g.intervalHigh(), 2);
  }

  private static String withInterval(Double value, Double low, Double high, int digits) {
    if (value == null) {
      return "n/a";
    }
    return decimals(value, digits) + " (" + decimals(low, digits) + " to " + decimals(high, digits) + ")";
  }

  private static String decimals(Double n, int digits) {
    return n == null ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", n);
  }
}
