package io.cartographer.verdict;

import io.cartographer.load.VariantResult;
import io.cartographer.plan.Quantities;
import io.cartographer.plan.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a result against its variant's thresholds. A latency limit with no successful request to
 * measure fails: an endpoint that never answered has not met a latency goal.
 */
public final class ThresholdJudge {

  private ThresholdJudge() {}

  public static VariantVerdict judge(VariantResult result) {
    Thresholds limits = result.variant().thresholds();
    List<ThresholdCheck> checks = new ArrayList<>();
    if (result.requests() == 0) {
      checks.add(new ThresholdCheck("requests", 1, 0.0, false, "no request completed"));
    }
    latency(result, "p50", 50, limits.maxP50(), checks);
    latency(result, "p99", 99, limits.maxP99(), checks);
    if (limits.maxErrorRate() != null && result.requests() > 0) {
      double rate = result.errorRate();
      boolean ok = rate <= limits.maxErrorRate();
      checks.add(
          new ThresholdCheck(
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
    return new VariantVerdict(checks.stream().allMatch(ThresholdCheck::passed), checks);
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
              metric, limitMillis, null, false, name + " not measured: no successful request"));
      return;
    }
    double actual = result.latency().percentileMillis(percentile);
    boolean ok = actual <= limitMillis;
    checks.add(
        new ThresholdCheck(
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
