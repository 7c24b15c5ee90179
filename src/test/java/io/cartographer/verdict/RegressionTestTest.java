package io.cartographer.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.verdict.RegressionTest.Direction;
import io.cartographer.verdict.RegressionTest.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The regression test against simulated runs with fixed seeds. Each simulated run is 5 rounds of
 * 1000 requests whose latencies are log-normal (σ 0.4, a long tail) and scaled by a per-run machine
 * drift (log-normal, σ 2 %); the plan has a history of 10 earlier runs. The figures printed are the
 * ones the README quotes.
 */
class RegressionTestTest {

  private static final int TRIALS = 200;
  private static final int ROUNDS = 5;
  private static final int REQUESTS = 1000;

  /** A run's per-round p99 (or p50) latency in ms. */
  private static double[] run(Random random, double scale, double percentile) {
    double drift = Math.exp(random.nextGaussian() * 0.02);
    double[] rounds = new double[ROUNDS];
    double[] latencies = new double[REQUESTS];
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < REQUESTS; i++) {
        latencies[i] = 10 * scale * drift * Math.exp(random.nextGaussian() * 0.4);
      }
      Arrays.sort(latencies);
      rounds[r] = latencies[(int) Math.ceil(percentile / 100 * REQUESTS) - 1];
    }
    return rounds;
  }

  private static double rate(long seed, double slowdown, double percentile) {
    Random random = new Random(seed);
    int regressions = 0;
    for (int t = 0; t < TRIALS; t++) {
      List<Double> history = new ArrayList<>();
      for (int h = 0; h < 10; h++) {
        history.add(RegressionTest.runValue(run(random, 1, percentile)));
      }
      double[] baseline = run(random, 1, percentile);
      double[] current = run(random, slowdown, percentile);
      if (RegressionTest.compare(baseline, current, history, 0.05, Direction.HIGHER_IS_WORSE).finding()
          == Finding.REGRESSION) {
        regressions++;
      }
    }
    return (double) regressions / TRIALS;
  }

  @Test
  void noChangeRarelyLooksLikeARegression() {
    double p99 = rate(1, 1.0, 99);
    double p50 = rate(2, 1.0, 50);
    System.out.printf("no change: false regressions p99 %.1f%%, p50 %.1f%%%n", p99 * 100, p50 * 100);
    assertTrue(p99 <= 0.05, "p99 false regression rate " + p99);
    assertTrue(p50 <= 0.05, "p50 false regression rate " + p50);
  }

  @Test
  void twentyPercentSlowdownIsDetected() {
    double p99 = rate(3, 1.20, 99);
    double p50 = rate(4, 1.20, 50);
    System.out.printf("20%% slowdown: detected p99 %.1f%%, p50 %.1f%%%n", p99 * 100, p50 * 100);
    assertTrue(p99 >= 0.95, "p99 detection rate " + p99);
    assertTrue(p50 >= 0.95, "p50 detection rate " + p50);
  }

  @Test
  void threePercentChangeIsNotARegression() {
    double p99 = rate(5, 1.03, 99);
    double p50 = rate(6, 1.03, 50);
    System.out.printf("3%% change: flagged p99 %.1f%%, p50 %.1f%%%n", p99 * 100, p50 * 100);
    assertTrue(p99 <= 0.05, "p99 flagged " + p99);
    assertTrue(p50 <= 0.05, "p50 flagged " + p50);
  }

  @Test
  void throughputDropIsARegressionAndRiseAnImprovement() {
    double[] base = {1000, 1010, 990, 1005, 995};
    double[] drop = {700, 710, 690, 705, 695};
    double[] rise = {1300, 1310, 1290, 1305, 1295};
    assertEquals(Finding.REGRESSION,
        RegressionTest.compare(base, drop, List.of(), 0.05, Direction.LOWER_IS_WORSE).finding());
    assertEquals(Finding.IMPROVEMENT,
        RegressionTest.compare(base, rise, List.of(), 0.05, Direction.LOWER_IS_WORSE).finding());
  }
}
