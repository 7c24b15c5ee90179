package io.cartographer.verdict;

import io.cartographer.memory.GrowthSlope;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.plan.Thresholds;
import io.cartographer.verdict.ThresholdCheck.Category;
import java.util.List;
import java.util.Locale;

/**
 * The target-efficiency limits of a variant against its {@link TargetEfficiency}: CPU and bytes
 * allocated per request, the share of the measured phase spent in collection pauses, the
 * descriptors held more after the variant, and the descriptors' growth per request over its rounds
 * (a descriptor leak). A limit whose figure was not measured fails with the
 * reason, as every unmeasured limit does.
 */
final class EfficiencyChecks {

  private EfficiencyChecks() {}

  static void add(Thresholds limits, TargetEfficiency e, List<ThresholdCheck> checks) {
    if (limits.maxCpuPerRequest() != null) {
      double limitMs = limits.maxCpuPerRequest().toNanos() / 1e6;
      Double actualMs = e == null || e.cpuSecondsPer1kRequests() == null ? null : e.cpuSecondsPer1kRequests();
      check(checks, "cpu_ms_per_request", limitMs, actualMs, why(e, "cpu"), "target CPU %.4f ms per request", "%.4f ms");
    }
    if (limits.maxAllocPerRequest() != null) {
      boolean bytes = e != null && "bytes".equals(e.allocUnit());
      Double actual = bytes ? e.allocPerRequest() : null;
      String why = e != null && e.allocUnit() != null && !bytes
          ? "the target counts collected " + e.allocUnit() + ", not bytes" : why(e, "alloc");
      check(checks, "alloc_bytes_per_request", limits.maxAllocPerRequest(), actual, why,
          "target allocation %.0f bytes per request", "%.0f bytes");
    }
    if (limits.maxGcPauseShare() != null) {
      Double share = e == null || e.gcPauseMsPer1kRequests() == null || e.seconds() <= 0
          ? null : e.gcPauseMsPer1kRequests() * e.requests() / 1000 / 1000 / e.seconds();
      check(checks, "gc_pause_share", limits.maxGcPauseShare(), share, why(e, "gc_pause"),
          "target collection pauses %.4f of the measured phase", "%.4f");
    }
    if (limits.maxFdDelta() != null) {
      Double delta = e == null || e.openFdsDelta() == null ? null : e.openFdsDelta().doubleValue();
      check(checks, "open_fds_delta", limits.maxFdDelta(), delta, why(e, "open_fds"),
          "target holds %.0f more open descriptors after the variant", "%.0f");
    }
    GrowthCheck.OPEN_FDS.add(limits.maxFdGrowth(),
        e == null ? GrowthSlope.notMeasured(why(null, "open_fds_growth")) : e.openFdsGrowth(), checks);
  }

  private static String why(TargetEfficiency e, String figure) {
    return e == null ? "the target's counters were not read" : e.notMeasured().getOrDefault(figure, "no reading");
  }

  private static void check(List<ThresholdCheck> checks, String metric, double limit, Double actual, String why,
      String measured, String limitFormat) {
    String name = measured.substring(0, measured.indexOf(" %"));
    if (actual == null) {
      checks.add(new ThresholdCheck(Category.EFFICIENCY, metric, limit, null, false, name + " not measured: " + why));
      return;
    }
    boolean ok = actual <= limit;
    checks.add(new ThresholdCheck(Category.EFFICIENCY, metric, limit, actual, ok,
        String.format(Locale.ROOT, measured + " %s limit " + limitFormat, actual, ok ? "within" : "above", limit)));
  }
}
