package io.cartographer.cli;

import io.cartographer.passport.Passport;
import io.cartographer.verdict.RegressionTest.Finding;
import io.cartographer.verdict.VariantComparison;
import java.util.Locale;

/**
 * Renders a passport as the plain-text table the CLI prints after a run: per variant, the probe's
 * figures and the target's CPU and allocation per request ({@code TGT}), then a growth line for
 * each variant with a growth limit (its memory and descriptor slopes) and a capacity line for each
 * capacity search (what it found, in how many steps).
 */
final class SummaryTable {

  private static final String ROW = "%-44s %-7s %9s %7s %10s %10s %10s %11s %11s  %s%n";

  private SummaryTable() {}

  static String render(Passport passport) {
    return render(passport, true);
  }

  /**
   * As above; {@code passportKept} false (a {@code probe} that keeps no passport) leaves out the
   * hint that the next run will be compared with this one.
   */
  static String render(Passport passport, boolean passportKept) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, ROW, "VARIANT", "FAMILY", "REQUESTS", "ERRORS", "RPS", "P50 ms", "P99 ms", "TGT CPU ms",
            "TGT ALLOC B", "VERDICT"));
    for (Passport.TestResult r : passport.testResults()) {
      Passport.Stats latency = r.latencyMs();
      out.append(
          String.format(
              Locale.ROOT,
              ROW,
              clip(r.key(), 44),
              clip(r.family(), 7),
              r.requests(),
              r.failed(),
              String.format(Locale.ROOT, "%.1f", r.throughputRps()),
              latency == null ? "n/a" : millis(latency.p50()),
              latency == null ? "n/a" : millis(latency.p99()),
              TargetFigures.cpuMsPerRequest(r),
              TargetFigures.allocBytesPerRequest(r),
              verdict(r)));
    }
    for (Passport.TestResult r : passport.testResults()) {
      if (r.thresholds().maxMemoryGrowthBytesPerRequest() != null || r.thresholds().maxFdGrowthPer1kRequests() != null) {
        String memory = TargetFigures.memoryGrowth(r);
        String descriptors = TargetFigures.descriptorGrowth(r);
        out.append(String.format(Locale.ROOT, "  growth      %s: memory %s bytes per request, descriptors %s per 1,000 requests (95%% intervals)%n",
            r.key(), memory, descriptors));
      }
      if (r.capacity() != null) {
        Passport.Capacity c = r.capacity();
        out.append(String.format(Locale.ROOT, "  capacity    %s: %s%s in %d steps of %s (%s)%n", r.key(), c.status(),
            c.kneeRps() == null ? "" : String.format(Locale.ROOT, " %.0f/s", c.kneeRps()), c.steps().size(),
            io.cartographer.plan.Quantities.format(java.time.Duration.ofNanos(Math.round(c.stepSeconds() * 1e9))), c.reason()));
      }
    }
    Passport.Summary s = passport.summary();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: %d of %d variants passed, %d requests, %d errors, %.1f s%n",
            s.verdict(),
            s.passed(),
            s.variants(),
            s.totalRequests(),
            s.totalErrors(),
            s.durationSeconds()));
    Passport.Baseline baseline = s.baseline();
    if (baseline != null && baseline.id() != null) {
      out.append(
          String.format(
              Locale.ROOT,
              "vs baseline %s (%s, each variant its own): %s: %d performance and %d memory regressions, %d improvements%n",
              baseline.id(),
              baseline.source(),
              s.regressionVerdict() == null ? "compared" : s.regressionVerdict().label(),
              orZero(s.performanceRegressions()),
              orZero(s.memoryRegressions()),
              orZero(s.improvements())));
      for (Passport.TestResult r : passport.testResults()) {
        boolean environment = false;
        for (VariantComparison.MetricComparison m : r.comparedMetrics()) {
          if (m.finding() == Finding.REGRESSION || m.finding() == Finding.IMPROVEMENT) {
            out.append(String.format(Locale.ROOT, "  %-11s %s %s: %s%n", m.finding().label(), r.key(), m.metric(), m.reason()));
          } else if (!environment && m.reason().startsWith("environment:")) {
            environment = true;
            out.append(String.format(Locale.ROOT, "  %-11s %s: %s%n", "inconclusive", r.key(), m.reason()));
          }
        }
      }
    } else if (baseline != null && passportKept) {
      out.append("no baseline yet: the next run of this plan will be compared with this one\n");
    }
    return out.toString();
  }

  /** PASS or FAIL, then why ({@link FailureCause#why}). */
  private static String verdict(Passport.TestResult r) {
    String why = FailureCause.why(r);
    return r.verdict().label().toUpperCase(Locale.ROOT) + (why.isEmpty() ? "" : " (" + why + ")");
  }

  static int orZero(Integer count) {
    return count == null ? 0 : count;
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String clip(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "~";
  }
}
