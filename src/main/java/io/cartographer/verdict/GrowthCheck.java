package io.cartographer.verdict;

import io.cartographer.memory.GrowthSlope;
import io.cartographer.verdict.ThresholdCheck.Category;
import java.util.List;
import java.util.Locale;

/**
 * A leak check on a growth slope: a leak is declared only when the slope's whole 95 % interval
 * lies above the limit, not when the slope alone does, so scatter between rounds is never taken
 * for a leak.
 *
 * @param category where the check is reported
 * @param metric the check's metric name
 * @param figure what grew, as the reason names it ("target memory")
 * @param scale the slope's and the limit's factor into the reported unit (1000 for "per 1,000
 *     requests")
 * @param unit the reported unit, after the number ("bytes per request")
 * @param format how a number of that unit is shown
 */
record GrowthCheck(Category category, String metric, String figure, double scale, String unit, String format) {

  static final GrowthCheck MEMORY = new GrowthCheck(
      Category.MEMORY, "memory_growth_bytes_per_request", "target memory", 1, "bytes per request", "%.0f");
  static final GrowthCheck OPEN_FDS = new GrowthCheck(Category.EFFICIENCY, "open_fds_growth_per_1k_requests",
      "target open descriptors", 1000, "per 1,000 requests", "%.2f");

  /** Adds the check of {@code slope} against {@code limit} (per request), unless no limit is set. */
  void add(Double limit, GrowthSlope slope, List<ThresholdCheck> checks) {
    if (limit == null) {
      return;
    }
    double shownLimit = limit * scale;
    if (slope == null || slope.perRequest() == null) {
      checks.add(new ThresholdCheck(category, metric, shownLimit, null, false,
          figure + " growth not measured: " + (slope == null ? "no reading" : slope.notMeasured())));
      return;
    }
    boolean leak = slope.intervalLow() > limit;
    String number = format + " " + unit;
    checks.add(new ThresholdCheck(category, metric, shownLimit, slope.perRequest() * scale, !leak,
        String.format(Locale.ROOT,
            "%s grew " + number + " (95%% interval " + format + " to " + format + ", %d readings): %s " + number,
            figure, slope.perRequest() * scale, slope.intervalLow() * scale, slope.intervalHigh() * scale,
            slope.readings(), leak ? "a leak, all of it above" : "no leak shown above", shownLimit)));
  }
}
