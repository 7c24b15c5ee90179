package io.cartographer.verdict;

import io.cartographer.load.Distribution;
import java.util.Locale;

/**
 * A distribution-free confidence interval for a quantile of recorded latencies, from the data
 * themselves: the number of samples below the true {@code q} quantile of {@code n} is
 * Binomial(n, q), so the order statistics at the ranks where that distribution's tails hold
 * {@code (1 - confidence) / 2} each bracket the quantile with at least the nominal coverage. With
 * too few samples a rank falls outside {@code 1..n} and that end is unbounded: a p99 from 100
 * requests has no upper bound at 95 %, because the largest of 100 samples is below the true p99
 * more than 2.5 % of the time.
 *
 * @param quantile e.g. 0.99
 * @param count the samples
 * @param value the point estimate, as the passport reports it
 * @param low the lower bound, or 0 when unbounded
 * @param high the upper bound, or {@link Double#POSITIVE_INFINITY} when unbounded
 */
public record QuantileInterval(double quantile, long count, double value, double low, double high) {

  /** Above this many samples the ranks come from the normal approximation of the binomial. */
  private static final long EXACT_RANKS_UP_TO = 200_000;

  /** Both ends are bounded. */
  public boolean resolved() {
    return low > 0 && Double.isFinite(high);
  }

  /**
   * The interval's half-width on the log scale as a standard error, {@code ln(high / low) / (2 z)}
   * for the interval's {@code z}; infinite when unresolved.
   */
  public double logStandardError(double confidence) {
    if (!resolved()) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.log(high / low) / (2 * Distributions.normalQuantile(0.5 + confidence / 2));
  }

  /**
   * Roughly how many samples would make this interval's standard error at most {@code wanted} on
   * the log scale: widths shrink as {@code 1 / sqrt(n)}, and both ends must be bounded.
   */
  public long samplesFor(double wanted, double confidence) {
    double alpha = 1 - confidence;
    long forRanks = (long) Math.ceil(Math.log(alpha / 2) / Math.log(Math.max(quantile, 1 - quantile)));
    if (!resolved()) {
      return Math.max(forRanks, 2 * Math.max(count, 1));
    }
    double se = logStandardError(confidence);
    double ratio = se / wanted;
    return Math.max(forRanks, (long) Math.ceil(count * ratio * ratio));
  }

  public String describe() {
    return String.format(Locale.ROOT, "p%s %.3f [%s, %s] of %d", label(quantile), value,
        low > 0 ? String.format(Locale.ROOT, "%.3f", low) : "unbounded",
        Double.isFinite(high) ? String.format(Locale.ROOT, "%.3f", high) : "unbounded", count);
  }

  /**
   * The interval for {@code quantile} of {@code histogram}, its values divided by {@code scale}
   * (1000 for microseconds to milliseconds). Values are bucket representatives as in {@link
   * Distribution#valueAt}.
   */
  public static QuantileInterval of(Distribution histogram, double quantile, double confidence, double scale) {
    long n = histogram.count();
    if (n == 0) {
      return new QuantileInterval(quantile, 0, Double.NaN, 0, Double.POSITIVE_INFINITY);
    }
    long[] ranks = ranks(n, quantile, confidence);
    double value = histogram.valueAt(quantile * 100) / scale;
    double low = ranks[0] < 1 ? 0 : histogram.valueAtRank(ranks[0]) / scale;
    double high = ranks[1] > n ? Double.POSITIVE_INFINITY : histogram.valueAtRank(ranks[1]) / scale;
    return new QuantileInterval(quantile, n, value, low, high);
  }

  /** The interval for {@code quantile} of values sorted ascending (for tests and small samples). */
  public static QuantileInterval ofSorted(double[] sorted, double quantile, double confidence) {
    long n = sorted.length;
    if (n == 0) {
      return new QuantileInterval(quantile, 0, Double.NaN, 0, Double.POSITIVE_INFINITY);
    }
    long[] ranks = ranks(n, quantile, confidence);
    int pointRank = (int) Math.max(1, Math.ceil(quantile * n));
    return new QuantileInterval(quantile, n, sorted[pointRank - 1],
        ranks[0] < 1 ? 0 : sorted[(int) ranks[0] - 1],
        ranks[1] > n ? Double.POSITIVE_INFINITY : sorted[(int) ranks[1] - 1]);
  }

  /**
   * The 1-based ranks {@code l} and {@code u} of the order statistics that bracket the {@code q}
   * quantile of {@code n} samples with at least {@code confidence}: with {@code B ~ Bin(n, q)},
   * {@code l} is the largest with {@code P(B <= l - 1) <= alpha / 2} and {@code u} the smallest with
   * {@code P(B <= u - 1) >= 1 - alpha / 2}. {@code l = 0} or {@code u = n + 1} means unbounded.
   */
  static long[] ranks(long n, double q, double confidence) {
    double tail = (1 - confidence) / 2;
    if (n > EXACT_RANKS_UP_TO) {
      double z = Distributions.normalQuantile(1 - tail);
      double sd = Math.sqrt(n * q * (1 - q));
      long low = (long) Math.floor(n * q - z * sd);
      long high = (long) Math.ceil(n * q + z * sd) + 1;
      return new long[] {Math.max(0, low), Math.min(n + 1, high)};
    }
    // largest l in [0, n] with F(l - 1) <= tail
    long lo = 0;
    long hi = n;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (Distributions.binomialCdf(mid - 1, n, q) <= tail) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    long l = lo;
    // smallest u in [1, n + 1] with F(u - 1) >= 1 - tail
    lo = 1;
    hi = n + 1;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (Distributions.binomialCdf(mid - 1, n, q) >= 1 - tail) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return new long[] {l, lo};
  }

  private static String label(double quantile) {
    double percent = quantile * 100;
    return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
  }
}
