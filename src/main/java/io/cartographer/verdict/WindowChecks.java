package io.cartographer.verdict;

import io.cartographer.load.WindowOutcome;
import io.cartographer.load.WindowReasons;
import io.cartographer.plan.WindowThreshold;
import io.cartographer.verdict.ThresholdCheck.Category;
import java.util.List;
import java.util.Locale;

/**
 * The checks of a variant's window limits, from how they fared while it ran: one per limit, its
 * metric {@code window_<metric>} (say {@code window_p99_ms}), its figure the worst window's. A
 * limit never judged (the variant ended within its grace, or nothing completed) fails as not
 * measured, as any limit without its figure does.
 */
final class WindowChecks {

  private WindowChecks() {}

  static void add(List<WindowOutcome> outcomes, List<ThresholdCheck> checks) {
    for (WindowOutcome o : outcomes) {
      WindowThreshold limit = o.limit();
      Category category = limit.metric().latency() ? Category.LATENCY : Category.ERRORS;
      String metric = "window_" + limit.metric().label();
      double shownLimit = limit.metric().latency() ? limit.limit() / 1000 : limit.limit();
      if (o.worst() == null) {
        checks.add(new ThresholdCheck(category, metric, shownLimit, null, false,
            metric + " not measured: no window was judged (the variant ended within its grace, or nothing completed)"));
        continue;
      }
      double shown = limit.metric().latency() ? o.worst() / 1000 : o.worst();
      String reason;
      if (o.breached()) {
        reason = WindowReasons.breach(limit, o.worst(), o.worstAtSeconds(), o.stalled(), o.inFlightAtWorst())
            + String.format(Locale.ROOT, " (first over the limit at %.1f s%s)", o.breachedAtSeconds(),
                o.aborted() ? "; abort-on-fail stopped the " + (limit.abort() == WindowThreshold.Scope.RUN ? "run" : "variant") : "");
      } else {
        reason = WindowReasons.held(limit, o.worst(), o.worstAtSeconds());
      }
      checks.add(new ThresholdCheck(category, metric, shownLimit, shown, !o.breached(), reason));
    }
  }
}
