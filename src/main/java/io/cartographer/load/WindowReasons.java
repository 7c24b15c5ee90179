package io.cartographer.load;

import io.cartographer.plan.Quantities;
import io.cartographer.plan.WindowThreshold;
import java.time.Duration;
import java.util.Locale;

/** One line on a window limit's figure, the same in an abort's reason and in the variant's check. */
public final class WindowReasons {

  private WindowReasons() {}

  /**
   * @param value microseconds for a latency limit, a share for the error rate
   * @param atSeconds when, after the start of the measured phase
   * @param stalled no request completed in the window while some were in flight
   */
  public static String breach(WindowThreshold limit, double value, double atSeconds, boolean stalled, long inFlight) {
    return figure(limit, value, stalled, inFlight) + " above limit " + limitText(limit)
        + String.format(Locale.ROOT, " at %.1f s", atSeconds);
  }

  /** The worst window of a limit that held. */
  public static String held(WindowThreshold limit, double worst, double atSeconds) {
    return "worst " + figure(limit, worst, false, 0) + String.format(Locale.ROOT, " (at %.1f s)", atSeconds)
        + " within limit " + limitText(limit);
  }

  private static String figure(WindowThreshold limit, double value, boolean stalled, long inFlight) {
    String window = Quantities.format(limit.window());
    if (stalled) {
      return "no request completed in the last " + window + " while " + inFlight + " were in flight ("
          + limit.metric().name().toLowerCase(Locale.ROOT) + " at least " + window + ")";
    }
    String name = limit.metric().latency() ? limit.metric().name().toLowerCase(Locale.ROOT) : "error rate";
    return name + " over the last " + window + " " + valueText(limit, value);
  }

  private static String limitText(WindowThreshold limit) {
    return valueText(limit, limit.limit());
  }

  private static String valueText(WindowThreshold limit, double value) {
    return limit.metric().latency()
        ? Quantities.format(Duration.ofNanos(Math.round(value * 1000)))
        : String.format(Locale.ROOT, "%.2f%%", value * 100);
  }
}
