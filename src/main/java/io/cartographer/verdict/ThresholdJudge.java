package io.cartographer.verdict;

import io.cartographer.load.OpenModelCounts;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.Quantities;
import io.cartographer.plan.Thresholds;
import io.cartographer.verdict.ThresholdCheck.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a result against its variant's thresholds. A limit on a figure that could not be
 * measured fails: an endpoint that never answered has not met a latency goal, and a memory limit
 * with no memory reading has not been shown to hold. An open-model variant that dropped requests
 * fails too: it did not apply the load it was asked to.
 */
public final class ThresholdJudge {

  private ThresholdJudge() {}

  public static VariantVerdict judge(VariantResult result, TargetMemory memory) {
    return judge(result, memory, null);
  }

  /**
   * Judges as above, and the target's efficiency limits on {@code efficiency} ({@code null}: not
   * read, so a limit set fails as not measured).
   */
  public static VariantVerdict judge(VariantResult result, TargetMemory memory, TargetEfficiency efficiency) {
    Thresholds limits = result.variant().thresholds();
    List<ThresholdCheck> checks = new ArrayList<>();
    if (result.requests() == 0) {
      checks.add(new ThresholdCheck(Category.LOAD, "requests", 1, 0.0, false, "no request completed"));
    }
    dropped(result.open(), checks);
    latency(result, "p50", 50, limits.maxP50(), checks);
    latency(result, "p99", 99, limits.maxP99(), checks);
    if (limits.maxErrorRate() != null && result.requests() > 0) {
      double rate = result.errorRate();
      boolean ok = rate <= limits.maxErrorRate();
      checks.add(
          new ThresholdCheck(
              Category.ERRORS,
              "error_rate",
              limits.maxErrorRate(),
              rate,
              ok,
              String.format(
                  Locale.ROOT,
                  "error rate %s %s limit %s (%d of %d failed)",
                  percent(rate),
                  ok ? "within" : "above",
                  percent(limits.maxErrorRate()),
                  result.failed(),
                  result.requests())));
    }
    memory("memory_delta_bytes", "target memory delta", limits.maxMemoryDelta(), memory.deltaBytes(), memory, checks);
    memory("memory_peak_bytes", "target memory peak", limits.maxMemoryPeak(), memory.peakBytes(), memory, checks);
    GrowthCheck.MEMORY.add(limits.maxMemoryGrowth(), memory.growth(), checks);
    EfficiencyChecks.add(limits, efficiency, checks);
    WindowChecks.add(result.windows(), checks);
    capacity(result.capacity(), checks);
    return new VariantVerdict(checks.stream().allMatch(ThresholdCheck::passed), checks);
  }

  /** The capacity model: whether its search found the target's capacity. */
  private static void capacity(io.cartographer.load.CapacityOutcome c, List<ThresholdCheck> checks) {
    if (c == null) {
      return;
    }
    String knee = c.kneeRps() == null ? null : String.format(Locale.ROOT, "%.0f/s", c.kneeRps());
    String reason = switch (c.status()) {
      case "found" -> "capacity " + knee + ": " + c.reason();
      case "at-least-to" -> "capacity at least " + knee + ": " + c.reason();
      case "below-from" -> String.format(Locale.ROOT, "capacity below %.0f/s: %s", c.search().from(), c.reason());
      default -> c.reason() + (knee == null ? "" : "; the highest rate that held: " + knee);
    };
    checks.add(new ThresholdCheck(Category.LOAD, "capacity_rps", c.search().from(), c.kneeRps(), c.found(), reason));
  }

  private static void dropped(OpenModelCounts open, List<ThresholdCheck> checks) {
    if (open == null || open.dropped() == 0) {
      return;
    }
    checks.add(
        new ThresholdCheck(
            Category.LOAD,
            "dropped_requests",
            0,
            (double) open.dropped(),
            false,
            String.format(
                Locale.ROOT,
                "%d of %d requests dropped: %.0f/s was not sustained (no free connection within the timeout)",
                open.dropped(),
                open.intended(),
                open.requestedRps())));
  }

  private static void memory(
      String metric, String name, Long limit, Long actual, TargetMemory memory, List<ThresholdCheck> checks) {
    if (limit == null) {
      return;
    }
    if (actual == null) {
      String why = memory.notMeasured() == null ? "no reading" : memory.notMeasured();
      checks.add(new ThresholdCheck(Category.MEMORY, metric, limit, null, false, name + " not measured: " + why));
      return;
    }
    boolean ok = actual <= limit;
    checks.add(
        new ThresholdCheck(
            Category.MEMORY,
            metric,
            limit,
            (double) actual,
            ok,
            String.format(Locale.ROOT, "%s %d bytes %s limit %d bytes", name, actual, ok ? "within" : "above", limit)));
  }

  private static void latency(
      VariantResult result, String name, double percentile, Duration limit, List<ThresholdCheck> checks) {
    if (limit == null) {
      return;
    }
    double limitMillis = limit.toNanos() / 1e6;
    String metric = name + "_ms";
    if (result.latency().count() == 0) {
      checks.add(
          new ThresholdCheck(
              Category.LATENCY, metric, limitMillis, null, false, name + " not measured: no successful request"));
      return;
    }
    double actual = result.latency().valueAt(percentile) / 1000.0;
    boolean ok = actual <= limitMillis;
    checks.add(
        new ThresholdCheck(
            Category.LATENCY,
            metric,
            limitMillis,
            actual,
            ok,
            String.format(
                Locale.ROOT,
                "%s %.3f ms %s limit %s",
                name,
                actual,
                ok ? "within" : "above",
                Quantities.format(limit))));
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }
}
