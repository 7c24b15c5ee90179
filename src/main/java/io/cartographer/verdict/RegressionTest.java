package io.cartographer.verdict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a metric got worse, not just whether it moved. On a shared machine a plain 5 %
 * ratio flags noise, so a regression is declared only when the data make us 95 % confident that the
 * metric got worse by <em>more than the tolerance</em>:
 *
 * <ol>
 *   <li>Each run measures a variant in rounds; the metric of a run is the geometric mean of its
 *       rounds (latencies and rates are compared as ratios, and the log scale tames a slow round),
 *       and the change is {@code current / baseline - 1} of those.
 *   <li>The noise of that change is estimated on a log scale: from the plan's history when it has
 *       at least {@value #MIN_HISTORY} earlier passports (the spread of their run values is exactly
 *       the run-to-run noise of this plan on this machine, drift included), otherwise from the
 *       spread of the two runs' rounds, but never less than {@value #RUN_NOISE_FLOOR} per run.
 *   <li>A one-sided test of "the change is at most the tolerance" is rejected at p &lt; {@value
 *       #ALPHA}: the lower end of the change's 95 % interval lies beyond the tolerance.
 * </ol>
 *
 * A change within the tolerance, or beyond it but within the noise, is reported as unchanged with
 * that reason; an improvement is judged symmetrically. Pure functions; no I/O.
 */
public final class RegressionTest {

  public static final double ALPHA = 0.05;
  public static final int MIN_HISTORY = 5;

  /**
   * Without history, rounds show only the noise within each run; two runs on a shared machine also
   * differ by drift. This much run-to-run noise (5 %, one standard deviation on the log scale) is
   * assumed at least until the plan has a history that measures it.
   */
  static final double RUN_NOISE_FLOOR = 0.05;
  private static final double Z_95 = 1.6448536269514722;

  private RegressionTest() {}

  /** Which direction is worse for a metric. */
  public enum Direction {
    /** Latency, error rate, memory: more is worse. */
    HIGHER_IS_WORSE,
    /** Throughput: less is worse. */
    LOWER_IS_WORSE
  }

  /** The finding for one metric; written in lower case. */
  public enum Finding {
    REGRESSION,
    IMPROVEMENT,
    UNCHANGED,
    /** Not enough data to estimate the noise. */
    INCONCLUSIVE;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The outcome for one metric.
   *
   * @param relativeChange {@code current / baseline - 1}; positive means the value went up
   * @param intervalLow lower end of the 90 % two-sided (95 % one-sided) interval of the change
   * @param intervalHigh upper end of that interval
   * @param pValue one-sided p-value of "no worse (better) than the tolerance"
   * @param noiseSource {@code history} or {@code rounds}
   */
  public record Outcome(
      Finding finding,
      double baseline,
      double current,
      double relativeChange,
      double intervalLow,
      double intervalHigh,
      double pValue,
      String noiseSource,
      String reason) {}

  /**
   * @param baselineRounds the baseline run's per-round values
   * @param currentRounds this run's per-round values
   * @param history the metric's {@link #runValue run value} in earlier passports of the plan; may
   *     be empty
   * @param tolerance e.g. 0.05 for 5 %
   */
  public static Outcome compare(
      double[] baselineRounds,
      double[] currentRounds,
      List<Double> history,
      double tolerance,
      Direction direction) {
    double base = runValue(baselineRounds);
    double now = runValue(currentRounds);
    double change = base == 0 ? (now == 0 ? 0 : Double.POSITIVE_INFINITY) : now / base - 1;
    List<Double> usable = history == null ? List.of() : history.stream().filter(v -> v > 0).toList();
    double se;
    String source;
    if (usable.size() >= MIN_HISTORY) {
      se = stddev(usable.stream().mapToDouble(Math::log).toArray()) * Math.sqrt(2);
      source = "history";
    } else if (baselineRounds.length >= 2 && currentRounds.length >= 2) {
      se = Math.max(
          Math.sqrt(variance(logs(baselineRounds)) / baselineRounds.length
              + variance(logs(currentRounds)) / currentRounds.length),
          RUN_NOISE_FLOOR * Math.sqrt(2));
      source = "rounds";
    } else {
      return new Outcome(Finding.INCONCLUSIVE, base, now, change, Double.NaN, Double.NaN, 1, "none",
          "too few rounds and too little history to tell noise from change");
    }
    if (base <= 0 || now <= 0) {
      return new Outcome(Finding.INCONCLUSIVE, base, now, change, Double.NaN, Double.NaN, 1, source,
          "a zero value has no ratio");
    }
    double logRatio = Math.log(now / base);
    se = Math.max(se, 1e-9);
    double low = Math.exp(logRatio - Z_95 * se) - 1;
    double high = Math.exp(logRatio + Z_95 * se) - 1;
    boolean higherWorse = direction == Direction.HIGHER_IS_WORSE;
    double worseLog = higherWorse ? logRatio : -logRatio;
    double limit = Math.log(1 + tolerance);
    double pWorse = 1 - normalCdf((worseLog - limit) / se);
    double pBetter = 1 - normalCdf((-worseLog - limit) / se);
    // "Worse by x" on the log scale: for throughput, falling from 100 to 80 is 25 % worse.
    double worse = Math.exp(worseLog) - 1;
    String interval = String.format(Locale.ROOT, "[%s, %s]", percent(low), percent(high));
    if (pWorse < ALPHA) {
      return new Outcome(Finding.REGRESSION, base, now, change, low, high, pWorse, source,
          String.format(Locale.ROOT, "%s worse than baseline, beyond the %s tolerance with 95%% confidence (interval %s, p=%.3f, noise from %s)",
              percent(worse), percent(tolerance), interval, pWorse, source));
    }
    if (pBetter < ALPHA) {
      return new Outcome(Finding.IMPROVEMENT, base, now, change, low, high, pBetter, source,
          String.format(Locale.ROOT, "%s better than baseline (interval %s, p=%.3f)", percent(Math.exp(-worseLog) - 1), interval, pBetter));
    }
    String why = Math.abs(change) <= tolerance ? "within the " + percent(tolerance) + " tolerance" : "beyond the tolerance but within the noise";
    return new Outcome(Finding.UNCHANGED, base, now, change, low, high, pWorse, source,
        String.format(Locale.ROOT, "%s change, %s (interval %s)", percent(change), why, interval));
  }

  /** A run's value of a metric: the geometric mean of its rounds; 0 when any round is 0. */
  public static double runValue(double[] rounds) {
    if (rounds.length == 0) {
      return Double.NaN;
    }
    if (Arrays.stream(rounds).anyMatch(v -> v <= 0)) {
      return Arrays.stream(rounds).average().orElse(0);
    }
    return Math.exp(Arrays.stream(rounds).map(Math::log).average().orElse(0));
  }

  private static double[] logs(double[] values) {
    return Arrays.stream(values).map(v -> Math.log(Math.max(v, 1e-12))).toArray();
  }

  private static double variance(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
  }

  private static double stddev(double[] v) {
    return Math.sqrt(variance(v));
  }

  static double normalCdf(double z) {
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
