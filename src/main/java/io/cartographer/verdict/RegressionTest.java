package io.cartographer.verdict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tests whether a metric got worse by <em>more than the tolerance</em>, and says how sure that is.
 * A run's metric is compared with its baseline's on the log scale (latencies and rates move as
 * ratios). The standard error of {@code ln(current / baseline)} has two parts:
 *
 * <ol>
 *   <li><b>Sampling</b>, from the data themselves: a percentile's distribution-free interval from
 *       its order statistics ({@link QuantileInterval}), or the spread of a run's rounds for
 *       throughput. A p99 of a few hundred requests has a wide interval, so it cannot cry wolf.
 *   <li><b>Run to run</b>: with at least {@value #MIN_HISTORY} earlier clean measurements of the
 *       variant (after the metric's latest change point, in a like environment), the spread of
 *       their values, tested with Student's t on their degrees of freedom (five values are weak
 *       evidence of the spread, and t says so); without, at least {@value #RUN_NOISE_FLOOR} per run
 *       (two runs on a shared machine differ by drift that no single run can see).
 * </ol>
 *
 * The larger of the two is the standard error. The one-sided p-value of "worse by at most the
 * tolerance" is what the run's {@link FalseAlarmControl} judges together with every other metric
 * of the run; this class only computes it. Pure functions; no I/O.
 */
public final class RegressionTest {

  public static final int MIN_HISTORY = 5;

  /** The confidence of the percentile intervals that sampling errors come from. */
  public static final double INTERVAL_CONFIDENCE = 0.95;

  /**
   * Without history, rounds show only the noise within each run; two runs on a shared machine also
   * differ by drift. This much run-to-run noise (5 %, one standard deviation on the log scale) is
   * assumed at least until the variant has a history that measures it.
   */
  static final double RUN_NOISE_FLOOR = 0.05;

  private RegressionTest() {}

  /** Which direction is worse for a metric. */
  public enum Direction {
    /** Latency, error rate, memory: more is worse. */
    HIGHER_IS_WORSE,
    /** Throughput: less is worse. */
    LOWER_IS_WORSE
  }

  /** The finding for one metric; written in lower case. */
  @io.quarkus.runtime.annotations.RegisterForReflection
  public enum Finding {
    REGRESSION,
    IMPROVEMENT,
    UNCHANGED,
    /** The data cannot tell: too few samples, no history, or an environment unlike the baseline's. */
    INCONCLUSIVE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One run's value of a metric and its sampling error.
   *
   * @param logStandardError of {@code ln(value)}; {@code 0} when the run cannot tell (one round),
   *     infinite when the sample cannot bound the value (a p99 of too few requests)
   * @param interval the percentile's interval, or {@code null} for other metrics
   */
  public record Measurement(double value, double logStandardError, QuantileInterval interval) {

    /** A percentile with its order-statistic interval. */
    public static Measurement of(QuantileInterval interval) {
      return new Measurement(interval.value(), interval.logStandardError(INTERVAL_CONFIDENCE), interval);
    }

    /** The geometric mean of a run's rounds, with the standard error of that mean. */
    public static Measurement ofRounds(double[] rounds) {
      double value = runValue(rounds);
      if (rounds.length < 2 || Arrays.stream(rounds).anyMatch(v -> v <= 0)) {
        return new Measurement(value, 0, null);
      }
      double[] logs = Arrays.stream(rounds).map(Math::log).toArray();
      return new Measurement(value, Math.sqrt(variance(logs) / logs.length), null);
    }

    /** A single reading (memory): no sampling error of its own. */
    public static Measurement single(double value) {
      return new Measurement(value, 0, null);
    }
  }

  /**
   * The test of one metric, before the run's false-alarm control decides.
   *
   * @param relativeChange {@code current / baseline - 1}
   * @param intervalLow lower end of the 95 % interval of the change
   * @param pWorse one-sided p-value of "worse by at most the tolerance"; {@code NaN} when no test
   *     could be made
   * @param pBetter the same for "better by at most the tolerance"
   * @param noiseSource {@code history} (with {@code degreesOfFreedom}), {@code sampling} or {@code
   *     floor}
   * @param resolvable whether the sampling error is small enough for a change of the tolerance
   *     to show: at most half of {@code ln(1 + tolerance)}
   * @param samplesNeeded requests per run that would make it resolvable, when it is not
   */
  public record Test(
      double baseline,
      double current,
      double relativeChange,
      double intervalLow,
      double intervalHigh,
      double pWorse,
      double pBetter,
      String noiseSource,
      double standardError,
      double degreesOfFreedom,
      boolean resolvable,
      long samplesNeeded,
      String note) {

    boolean made() {
      return !Double.isNaN(pWorse);
    }
  }

  /**
   * @param history the metric's values in earlier clean measurements of the variant; may be empty
   * @param tolerance e.g. 0.05 for 5 %
   */
  public static Test test(
      Measurement baseline, Measurement current, List<Double> history, double tolerance, Direction direction) {
    return test(baseline, current, history, tolerance, direction, 1);
  }

  /**
   * @param referenceRuns how many runs {@code baseline} is the mean of: the run-to-run error of the
   *     change is the history's spread times {@code sqrt(1 + 1 / referenceRuns)}
   */
  public static Test test(Measurement baseline, Measurement current, List<Double> history, double tolerance,
      Direction direction, int referenceRuns) {
    double base = baseline.value();
    double now = current.value();
    double change = base == 0 ? (now == 0 ? 0 : Double.POSITIVE_INFINITY) : now / base - 1;
    if (!(base > 0) || !(now > 0)) {
      return new Test(base, now, change, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "none", Double.NaN,
          Double.NaN, false, 0, "a zero value has no ratio");
    }
    double limit = Math.log(1 + tolerance);
    double sampling = Math.hypot(baseline.logStandardError(), current.logStandardError());
    boolean resolvable = sampling <= limit / 2;
    long needed = resolvable ? 0 : samplesNeeded(current, limit / 2 / Math.sqrt(2));
    if (Double.isInfinite(sampling)) {
      return new Test(base, now, change, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "sampling",
          Double.POSITIVE_INFINITY, Double.NaN, false, needed, unbounded(baseline, current));
    }
    List<Double> usable = history == null ? List.of() : history.stream().filter(v -> v > 0).toList();
    double se;
    double df;
    String source;
    if (usable.size() >= MIN_HISTORY) {
      double spread = Math.sqrt(variance(usable.stream().mapToDouble(Math::log).toArray()))
          * Math.sqrt(1 + 1.0 / Math.max(1, referenceRuns));
      // Student's t on the history's degrees of freedom even when this sample's own error is the
      // larger: a spread that happens to come out small is exactly the case t allows for, and
      // switching to the normal there made p-values below 1e-4 half again as likely as they should be.
      se = Math.max(spread, sampling);
      df = usable.size() - 1;
      source = "history";
    } else {
      double floor = RUN_NOISE_FLOOR * Math.sqrt(2);
      se = Math.max(floor, sampling);
      df = Double.POSITIVE_INFINITY;
      source = sampling > floor ? "sampling" : "floor";
    }
    se = Math.max(se, 1e-9);
    double logRatio = Math.log(now / base);
    double worseLog = direction == Direction.HIGHER_IS_WORSE ? logRatio : -logRatio;
    double pWorse = upperTail((worseLog - limit) / se, df);
    double pBetter = upperTail((-worseLog - limit) / se, df);
    double half = quantile(0.975, df) * se;
    return new Test(base, now, change, Math.exp(logRatio - half) - 1, Math.exp(logRatio + half) - 1, pWorse, pBetter,
        source, se, df, resolvable, needed, "");
  }

  /** A run's value of a metric from rounds: the geometric mean; the mean when a round is 0. */
  public static double runValue(double[] rounds) {
    if (rounds.length == 0) {
      return Double.NaN;
    }
    if (Arrays.stream(rounds).anyMatch(v -> v <= 0)) {
      return Arrays.stream(rounds).average().orElse(0);
    }
    return Math.exp(Arrays.stream(rounds).map(Math::log).average().orElse(0));
  }

  /**
   * The finding of a test once the run's false-alarm control has decided, with the one-line reason
   * a summary shows.
   */
  public static Judged decide(Test t, boolean worseRejected, boolean betterRejected, double threshold,
      double tolerance, Direction direction, String unit) {
    String values = String.format(Locale.ROOT, "%s then, %s now", number(t.baseline(), unit), number(t.current(), unit));
    if (!t.made()) {
      String why = t.note().isEmpty() ? "no test could be made" : t.note();
      return new Judged(Finding.INCONCLUSIVE, values + ": " + why
          + (t.samplesNeeded() > 0 ? String.format(Locale.ROOT, "; about %,d requests per run would resolve it", t.samplesNeeded()) : ""));
    }
    String interval = Double.isFinite(t.intervalLow())
        ? String.format(Locale.ROOT, "[%s, %s]", signedPercent(t.intervalLow()), signedPercent(t.intervalHigh()))
        : "none";
    String noise = switch (t.noiseSource()) {
      case "history" -> String.format(Locale.ROOT, "noise from %d earlier runs", (long) t.degreesOfFreedom() + 1);
      case "sampling" -> "noise from this sample";
      case "counts" -> "two-proportion test";
      default -> String.format(Locale.ROOT, "no history yet: %.0f%% run-to-run noise assumed", RUN_NOISE_FLOOR * 100);
    };
    // One sign convention everywhere: the metric's own change, now / baseline - 1, as the CHANGE
    // column shows it; "worse" or "better" says which way that is for this metric.
    String change = Double.isFinite(t.relativeChange()) ? signedPercent(t.relativeChange()) + " " : "";
    String worseBy = change + "worse";
    String betterBy = change + "better";
    if (worseRejected) {
      return new Judged(Finding.REGRESSION, String.format(Locale.ROOT,
          "%s (%s), beyond the %s tolerance: p=%s ≤ %s, the run's false-alarm threshold (95%% interval %s, %s)",
          worseBy, values, percent(tolerance), p(t.pWorse()), p(threshold), interval, noise));
    }
    if (betterRejected) {
      return new Judged(Finding.IMPROVEMENT, String.format(Locale.ROOT,
          "%s (%s): p=%s ≤ %s (95%% interval %s, %s)", betterBy, values, p(t.pBetter()), p(threshold),
          interval, noise));
    }
    if (!t.resolvable()) {
      String remedy = t.samplesNeeded() > 0
          ? String.format(Locale.ROOT, "about %,d requests per run would", t.samplesNeeded())
          : "its rounds vary too much; more requests per round would";
      return new Judged(Finding.INCONCLUSIVE, String.format(Locale.ROOT,
          "%s change (%s), but this sample cannot resolve %s: its interval %s is wider; %s",
          signedPercent(t.relativeChange()), values, percent(tolerance), interval, remedy));
    }
    String why = !Double.isFinite(t.relativeChange()) || Math.abs(t.relativeChange()) <= tolerance
        ? "within the " + percent(tolerance) + " tolerance"
        : String.format(Locale.ROOT, "beyond the tolerance but within the noise (p=%s > %s)", p(t.pWorse()), p(threshold));
    return new Judged(Finding.UNCHANGED, String.format(Locale.ROOT, "%s change (%s), %s (95%% interval %s, %s)",
        signedPercent(t.relativeChange()), values, why, interval, noise));
  }

  /** A finding and its reason. */
  public record Judged(Finding finding, String reason) {}

  private static long samplesNeeded(Measurement m, double wantedPerRun) {
    if (m.interval() != null) {
      return m.interval().samplesFor(wantedPerRun, INTERVAL_CONFIDENCE);
    }
    return 0;
  }

  private static String unbounded(Measurement baseline, Measurement current) {
    Measurement open = current.interval() != null && !current.interval().resolved() ? current : baseline;
    String which = open == current ? "this run" : "baseline";
    return open.interval() == null ? "no sampling error"
        : which + "'s " + open.interval().describe() + " requests has an unbounded 95 % interval";
  }

  private static double upperTail(double x, double df) {
    return Double.isInfinite(df) ? Distributions.normalUpperTail(x) : Distributions.studentUpperTail(x, df);
  }

  private static final java.util.Map<Double, Double> T_975 = new java.util.concurrent.ConcurrentHashMap<>();

  /** The 97.5 % quantile, remembered per degrees of freedom (they are few: history sizes). */
  private static double quantile(double p, double df) {
    if (Double.isInfinite(df)) {
      return Distributions.normalQuantile(p);
    }
    return p == 0.975 ? T_975.computeIfAbsent(df, d -> Distributions.studentTQuantile(0.975, d))
        : Distributions.studentTQuantile(p, df);
  }

  static double variance(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
  }

  private static String number(double v, String unit) {
    if (unit.equals("bytes")) {
      return String.format(Locale.ROOT, "%,.0f B", v);
    }
    if (unit.equals("ratio")) {
      return String.format(Locale.ROOT, "%.3f%%", v * 100);
    }
    return String.format(Locale.ROOT, "%.3f %s", v, unit);
  }

  private static String p(double p) {
    return p < 0.0001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static String signedPercent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }
}
