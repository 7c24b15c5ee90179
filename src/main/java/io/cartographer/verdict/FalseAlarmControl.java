package io.cartographer.verdict;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The run-level error budget: one run tests every metric of every variant, and any one flagged
 * fails it, so the rate a user feels is that of the whole family, not of one test. The family's
 * p-values go through the Benjamini–Hochberg step-up procedure at level {@code q}.
 *
 * <p>Why Benjamini–Hochberg and not Holm: on an unchanged target every null hypothesis is true, and
 * then BH's false-discovery rate is exactly the probability of any false alarm, so a run on an
 * unchanged target fails at most {@code q} of the time, as with Holm (BH's guarantee holds for
 * independent and positively dependent tests; a busy machine slows all metrics together, which is
 * positive dependence). When a change does touch many variants, BH's thresholds grow with the
 * number already rejected, so it finds a real slowdown of a whole plan with far fewer requests
 * than Holm's {@code q / m} for the first test. The price is that among the metrics of a run that
 * does regress, up to a share {@code q} of the flagged ones may be noise; the run's verdict is then
 * still right.
 */
public final class FalseAlarmControl {

  private FalseAlarmControl() {}

  /**
   * Which hypotheses BH rejects at level {@code q}.
   *
   * @param pValues one per test; {@code NaN} marks a test that was not made (it does not count)
   * @return the rejections, and the largest p-value rejected against ({@code k q / m})
   */
  public static Decision benjaminiHochberg(double[] pValues, double q) {
    Integer[] order = new Integer[pValues.length];
    int tests = 0;
    for (int i = 0; i < pValues.length; i++) {
      if (!Double.isNaN(pValues[i])) {
        order[tests++] = i;
      }
    }
    Integer[] made = Arrays.copyOf(order, tests);
    Arrays.sort(made, Comparator.comparingDouble(i -> pValues[i]));
    int rejected = 0;
    for (int k = tests; k >= 1; k--) {
      if (pValues[made[k - 1]] <= k * q / tests) {
        rejected = k;
        break;
      }
    }
    boolean[] out = new boolean[pValues.length];
    for (int k = 0; k < rejected; k++) {
      out[made[k]] = true;
    }
    double threshold = tests == 0 ? q : Math.max(rejected, 1) * q / tests;
    return new Decision(out, tests, rejected, threshold);
  }

  /**
   * Each test on its own at level {@code q}: for a confirmation, which can only withdraw alarms
   * the family's procedure raised.
   */
  public static Decision each(double[] pValues, double q) {
    boolean[] out = new boolean[pValues.length];
    int tests = 0;
    int rejections = 0;
    for (int i = 0; i < pValues.length; i++) {
      if (!Double.isNaN(pValues[i])) {
        tests++;
        out[i] = pValues[i] <= q;
        rejections += out[i] ? 1 : 0;
      }
    }
    return new Decision(out, tests, rejections, q);
  }

  /**
   * @param rejected by test index
   * @param tests how many tests were made
   * @param rejections how many were rejected
   * @param threshold the p-value a test had to be at or below: {@code k q / m} for the {@code k}
   *     rejected, {@code q / m} when none was
   */
  public record Decision(boolean[] rejected, int tests, int rejections, double threshold) {}
}
