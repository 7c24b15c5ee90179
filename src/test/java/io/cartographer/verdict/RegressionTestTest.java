package io.cartographer.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.verdict.RegressionTest.Direction;
import io.cartographer.verdict.RegressionTest.Finding;
import io.cartographer.verdict.RegressionTest.Measurement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The statistics of the verdicts on simulated data with fixed seeds, before any real run: the
 * run-level false-alarm rate over many metrics, the coverage of the percentile intervals, the power
 * against real slowdowns, and what a sample too small to resolve the tolerance says. The figures
 * printed are the ones the README quotes.
 */
class RegressionTestTest {

  private static final double RATE = 0.01;
  private static final double TOLERANCE = 0.05;

  /**
   * One simulated run of {@code metrics} metrics, each with a history of 10 earlier runs. On the
   * log scale a run's value is {@code shift + N(0, runNoise)}, its own sampling error {@code
   * sampling}. Returns how many metrics BH flags.
   */
  private static int flagged(Random random, int metrics, double shift, double runNoise, double sampling) {
    double[] p = new double[metrics];
    for (int m = 0; m < metrics; m++) {
      List<Double> history = new ArrayList<>();
      for (int h = 0; h < 10; h++) {
        history.add(Math.exp(random.nextGaussian() * runNoise));
      }
      Measurement base = new Measurement(Math.exp(random.nextGaussian() * runNoise), sampling, null);
      Measurement now = new Measurement(Math.exp(shift + random.nextGaussian() * runNoise), sampling, null);
      p[m] = RegressionTest.test(base, now, history, TOLERANCE, Direction.HIGHER_IS_WORSE).pWorse();
    }
    return FalseAlarmControl.benjaminiHochberg(p, RATE).rejections();
  }

  @Test
  void theRunLevelFalseAlarmRateHoldsOverTenThousandRunsOf120Metrics() {
    Random random = new Random(15);
    int runs = 10_000;
    int unchanged = 0;
    int atTheTolerance = 0;
    for (int r = 0; r < runs; r++) {
      unchanged += r % 5 == 0 && flagged(random, 120, 0, 0.03, 0.01) > 0 ? 1 : 0;
      // the hardest null: every metric slower by exactly the tolerance, which is not a regression
      atTheTolerance += flagged(random, 120, Math.log(1 + TOLERANCE), 0.03, 0.01) > 0 ? 1 : 0;
    }
    System.out.printf("false alarms in runs of 120 metrics: %d of %d unchanged, %d of %d at the tolerance (rate %.1f%%)%n",
        unchanged, runs / 5, atTheTolerance, runs, RATE * 100);
    // at the tolerance the p-values are exactly uniform: BH fails 1 % of runs, give or take 0.1 %
    assertTrue(atTheTolerance <= runs * (RATE + 0.003), "at the tolerance: " + atTheTolerance);
    assertTrue(unchanged <= runs / 5 * RATE / 5, "unchanged, in " + runs / 5 + " runs: " + unchanged);
  }

  /**
   * As {@link #flagged}, but compared as a variant with history is: with the mean of its latest 5
   * clean runs, themselves part of its 15-run history.
   */
  private static int flaggedAgainstRecentMean(Random random, int metrics, double shift, double runNoise) {
    double[] p = new double[metrics];
    for (int m = 0; m < metrics; m++) {
      List<Double> history = new ArrayList<>();
      for (int h = 0; h < 15; h++) {
        history.add(Math.exp(random.nextGaussian() * runNoise));
      }
      double mean = Math.exp(history.subList(0, 5).stream().mapToDouble(Math::log).average().orElseThrow());
      Measurement reference = new Measurement(mean, 0.002, null);
      Measurement now = new Measurement(Math.exp(shift + random.nextGaussian() * runNoise), 0.004, null);
      p[m] = RegressionTest.test(reference, now, history, TOLERANCE, Direction.HIGHER_IS_WORSE, 5).pWorse();
    }
    return FalseAlarmControl.benjaminiHochberg(p, RATE).rejections();
  }

  @Test
  void comparedWithTheMeanOfRecentRunsTheRateStillHolds() {
    Random random = new Random(20);
    int runs = 2000;
    int atTheTolerance = 0;
    int found = 0;
    for (int r = 0; r < runs; r++) {
      atTheTolerance += flaggedAgainstRecentMean(random, 120, Math.log(1 + TOLERANCE), 0.015) > 0 ? 1 : 0;
      found += r % 5 == 0 && flaggedAgainstRecentMean(random, 24, Math.log(1.10), 0.015) > 0 ? 1 : 0;
    }
    System.out.printf("against the mean of 5 recent runs: %d of %d runs flagged at the tolerance; +10%% found in %d of %d%n",
        atTheTolerance, runs, found, runs / 5);
    assertTrue(atTheTolerance <= runs * (RATE + 0.004), "at the tolerance: " + atTheTolerance);
  }

  @Test
  void aSlowdownOfAWholePlanIsFoundAndBhBeatsAFamilyWideBonferroni() {
    Random random = new Random(16);
    int runs = 1000;
    int found10 = 0;
    int found30 = 0;
    for (int r = 0; r < runs; r++) {
      found10 += flagged(random, 36, Math.log(1.10), 0.01, 0.004) > 0 ? 1 : 0;
      found30 += flagged(random, 36, Math.log(1.30), 0.03, 0.01) > 0 ? 1 : 0;
    }
    System.out.printf("36 metrics slowed: +10%% (1%% run noise) found in %.1f%%, +30%% (3%% noise) in %.1f%%%n",
        found10 * 100.0 / runs, found30 * 100.0 / runs);
    assertTrue(found30 >= runs * 0.99, "+30 %: " + found30);
    assertTrue(found10 >= runs * 0.9, "+10 %: " + found10);
  }

  /** Fraction of trials whose interval holds the true quantile of a log-normal. */
  private static double coverage(long seed, double quantile, int samples, int trials) {
    Random random = new Random(seed);
    double truth = Math.exp(0.4 * inverseNormal(quantile));
    int covered = 0;
    double[] values = new double[samples];
    for (int t = 0; t < trials; t++) {
      for (int i = 0; i < samples; i++) {
        values[i] = Math.exp(0.4 * random.nextGaussian());
      }
      Arrays.sort(values);
      QuantileInterval interval = QuantileInterval.ofSorted(values, quantile, 0.95);
      covered += interval.low() <= truth && truth <= interval.high() ? 1 : 0;
    }
    return (double) covered / trials;
  }

  private static double inverseNormal(double p) {
    return Distributions.normalQuantile(p);
  }

  @Test
  void percentileIntervalsCoverTheTrueValueAtTheirNominalRate() {
    double p50 = coverage(17, 0.5, 1000, 4000);
    double p99 = coverage(18, 0.99, 5000, 4000);
    System.out.printf("95%% intervals cover: p50 of 1000 %.1f%%, p99 of 5000 %.1f%%%n", p50 * 100, p99 * 100);
    assertEquals(0.95, p50, 0.01);
    assertEquals(0.95, p99, 0.01);
  }

  @Test
  void aP99OfTooFewRequestsHasNoUpperBoundAndIsInconclusiveWithTheRequestsItNeeds() {
    double[] sorted = new double[100];
    Arrays.setAll(sorted, i -> 5 + i * 0.01);
    QuantileInterval small = QuantileInterval.ofSorted(sorted, 0.99, 0.95);
    assertFalse(small.resolved(), small.describe());
    RegressionTest.Test t = RegressionTest.test(Measurement.of(small), Measurement.of(small), List.of(), TOLERANCE,
        Direction.HIGHER_IS_WORSE);
    assertTrue(Double.isNaN(t.pWorse()));
    assertTrue(t.samplesNeeded() >= 367, "p99 needs ln(0.025)/ln(0.99) = 367 samples for a bounded interval: "
        + t.samplesNeeded());
    RegressionTest.Judged judged = RegressionTest.decide(t, false, false, RATE, TOLERANCE, Direction.HIGHER_IS_WORSE, "ms");
    assertEquals(Finding.INCONCLUSIVE, judged.finding());
    assertTrue(judged.reason().contains("requests per run would resolve it"), judged.reason());
  }

  @Test
  void aWideButBoundedIntervalIsInconclusiveUnlessTheChangeIsFarBeyondIt() {
    Random random = new Random(19);
    double[] base = new double[600];
    double[] now = new double[600];
    double[] doubled = new double[600];
    for (int i = 0; i < 600; i++) {
      base[i] = Math.exp(0.5 * random.nextGaussian());
      now[i] = Math.exp(0.5 * random.nextGaussian());
      doubled[i] = 3 * Math.exp(0.5 * random.nextGaussian());
    }
    Arrays.sort(base);
    Arrays.sort(now);
    Arrays.sort(doubled);
    Measurement b = Measurement.of(QuantileInterval.ofSorted(base, 0.99, 0.95));
    RegressionTest.Test same = RegressionTest.test(b, Measurement.of(QuantileInterval.ofSorted(now, 0.99, 0.95)),
        List.of(), TOLERANCE, Direction.HIGHER_IS_WORSE);
    assertFalse(same.resolvable());
    assertTrue(same.samplesNeeded() > 600, "needs more than it had: " + same.samplesNeeded());
    assertEquals(Finding.INCONCLUSIVE,
        RegressionTest.decide(same, false, false, RATE, TOLERANCE, Direction.HIGHER_IS_WORSE, "ms").finding());
    RegressionTest.Test tripled = RegressionTest.test(b, Measurement.of(QuantileInterval.ofSorted(doubled, 0.99, 0.95)),
        List.of(), TOLERANCE, Direction.HIGHER_IS_WORSE);
    assertTrue(tripled.pWorse() < RATE / 100, "a tripled p99 is beyond any doubt: p=" + tripled.pWorse());
  }

  @Test
  void throughputDropIsWorseAndRiseBetter() {
    Measurement base = Measurement.ofRounds(new double[] {1000, 1010, 990, 1005, 995});
    Measurement drop = Measurement.ofRounds(new double[] {700, 710, 690, 705, 695});
    Measurement rise = Measurement.ofRounds(new double[] {1300, 1310, 1290, 1305, 1295});
    assertTrue(RegressionTest.test(base, drop, List.of(), TOLERANCE, Direction.LOWER_IS_WORSE).pWorse() < 0.001);
    assertTrue(RegressionTest.test(base, rise, List.of(), TOLERANCE, Direction.LOWER_IS_WORSE).pBetter() < 0.01);
  }

  @Test
  void historyNoiseIsJudgedWithStudentsT() {
    List<Double> five = List.of(1.0, 1.1, 0.9, 1.05, 0.95);
    RegressionTest.Test t = RegressionTest.test(Measurement.single(1), Measurement.single(1.3), five, TOLERANCE,
        Direction.HIGHER_IS_WORSE);
    assertEquals("history", t.noiseSource());
    assertEquals(4, t.degreesOfFreedom());
    RegressionTest.Test normal = RegressionTest.test(Measurement.single(1), Measurement.single(1.3), List.of(),
        TOLERANCE, Direction.HIGHER_IS_WORSE);
    assertEquals("floor", normal.noiseSource());
  }

  @Test
  void benjaminiHochbergMatchesItsDefinition() {
    double[] p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, Double.NaN};
    FalseAlarmControl.Decision d = FalseAlarmControl.benjaminiHochberg(p, 0.05);
    assertEquals(8, d.tests());
    // k = 5: 0.042 <= 5 * 0.05 / 8 = 0.03125? no; k = 2: 0.008 <= 0.0125 yes
    assertEquals(2, d.rejections());
    assertTrue(d.rejected()[0] && d.rejected()[1] && !d.rejected()[2] && !d.rejected()[8]);
    assertEquals(0.0125, d.threshold(), 1e-12);
  }

  @Test
  void normalAndStudentDistributionsMatchTables() {
    assertEquals(1.959964, Distributions.normalQuantile(0.975), 1e-6);
    assertEquals(0.025, Distributions.normalUpperTail(1.959964), 1e-7);
    assertEquals(2.866516e-7, Distributions.normalUpperTail(5), 1e-10);
    assertEquals(2.262157, Distributions.studentTQuantile(0.975, 9), 1e-5);
    assertEquals(0.0243, Distributions.binomialCdf(1, 20, 0.25), 1e-4);
  }
}
