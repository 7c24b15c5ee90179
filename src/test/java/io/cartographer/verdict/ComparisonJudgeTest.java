package io.cartographer.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.Tolerances;
import io.cartographer.verdict.ComparisonJudge.VariantBaseline;
import io.cartographer.verdict.RegressionTest.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ComparisonJudgeTest {

  private static final RunFigures.Fingerprint HERE = new RunFigures.Fingerprint("1.0", 2, "jvm", false);
  private static final RunFigures.Environment QUIET = new RunFigures.Environment(0.1, 0.0, false);
  private static final RunFigures.Environment BUSY = new RunFigures.Environment(1.1, 0.0, false);

  private static RunFigures.VariantFigures figures(double p50, RunFigures.Environment environment) {
    double[] rounds = {p50, p50 * 1.01, p50 * 0.99, p50 * 1.02, p50 * 0.98};
    return new RunFigures.VariantFigures("aaa", null, p50, p50 * 2, rounds, rounds, new double[] {100, 101, 99, 100, 100},
        500, 0, null, null, null, null, null, () -> null, environment, true);
  }

  private static VariantBaseline baseline(RunFigures.VariantFigures base, List<RunFigures.VariantFigures> history) {
    List<String> ids = new ArrayList<>();
    history.forEach(h -> ids.add("p" + ids.size()));
    return new VariantBaseline("b", "latest-clean", base, history, ids, null, null,
        EnvironmentCheck.difference(QUIET, base.environment(), 2).orElse(null));
  }

  private static Map<String, VariantComparison> compare(double now, VariantBaseline baseline, Map<String, Tolerances> tol) {
    RunFigures current = new RunFigures(null, HERE, Map.of("e/v", figures(now, QUIET)));
    return ComparisonJudge.compare(current, Map.of("e/v", baseline), tol, 0.01);
  }

  @Test
  void aVariantWithoutABaselineSaysWhy() {
    RunFigures current = new RunFigures(null, HERE, Map.of("e/v", figures(10, QUIET)));
    VariantComparison c = ComparisonJudge.compare(current,
        Map.of("e/v", VariantBaseline.none(ComparisonStatus.INCOMPARABLE, "its definition changed")), Map.of(), 0.01).get("e/v");
    assertEquals(ComparisonStatus.INCOMPARABLE, c.status());
    assertNull(c.baselineId());
    assertEquals(new ComparisonJudge.Counts(0, 0, 0, 0), ComparisonJudge.counts(Map.of("e/v", c)));
    assertEquals(ComparisonStatus.NO_BASELINE, ComparisonJudge.compare(current, Map.of(), Map.of(), 0.01).get("e/v").status());
  }

  @Test
  void environmentDifferencesAreWarnings() {
    RunFigures base = new RunFigures("b", new RunFigures.Fingerprint("0.9", 4, "native", true), Map.of());
    RunFigures now = new RunFigures(null, HERE, Map.of());
    List<String> warnings = ComparisonJudge.warnings(now, base);
    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.get(3).startsWith("probe warmth differs: warm then, cold now"), warnings.toString());
  }

  @Test
  void perVariantToleranceDecides() {
    List<RunFigures.VariantFigures> history = new ArrayList<>();
    Random random = new Random(1);
    for (int i = 0; i < 8; i++) {
      history.add(figures(10 * (1 + 0.01 * random.nextGaussian()), QUIET));
    }
    VariantBaseline b = baseline(figures(10, QUIET), history);
    VariantComparison strict = compare(13, b, Map.of()).get("e/v");
    assertEquals(1, ComparisonJudge.counts(Map.of("e/v", strict)).performanceRegressions(), strict.toString());
    assertEquals("b", strict.baselineId());
    Map<String, Tolerances> loose = Map.of("e/v", new Tolerances(0.05, Map.of("p50", 0.5, "p99", 0.5)));
    assertEquals(0, ComparisonJudge.counts(compare(13, b, loose)).performanceRegressions());
  }

  @Test
  void aVariantMeasuredBesideABusyNeighbourIsInconclusiveNotARegression() {
    VariantBaseline b = baseline(figures(10, BUSY), List.of());
    VariantComparison c = compare(20, b, Map.of()).get("e/v");
    ComparisonJudge.Counts counts = ComparisonJudge.counts(Map.of("e/v", c));
    assertEquals(0, counts.performanceRegressions(), c.toString());
    assertEquals(1, counts.inconclusiveEnvironment());
    VariantComparison.MetricComparison p50 = c.metrics().get(0);
    assertEquals(Finding.INCONCLUSIVE, p50.finding());
    assertTrue(p50.reason().startsWith("environment: the rest of the host used 0.10 of 2 cores"), p50.reason());
  }

  @Test
  void historyBeforeAChangePointIsNotNoise() {
    List<RunFigures.VariantFigures> history = new ArrayList<>();
    Random random = new Random(2);
    for (int i = 0; i < 8; i++) {
      history.add(figures(10 * (1 + 0.01 * random.nextGaussian()), QUIET));
    }
    for (int i = 0; i < 8; i++) {
      history.add(figures(20 * (1 + 0.01 * random.nextGaussian()), QUIET));
    }
    ComparisonJudge.History h = ComparisonJudge.values(history, List.of(
        "n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7"),
        RunFigures.VariantFigures::p50);
    assertEquals(8, h.values().size(), h.toString());
    assertTrue(h.note().contains("since the change point at n7"), h.note());
  }

  @Test
  void aReMeasurementIsJudgedAloneAtTheRunsRate() {
    FalseAlarmControl.Decision each = FalseAlarmControl.each(new double[] {0.004, 0.02, Double.NaN}, 0.01);
    assertTrue(each.rejected()[0]);
    assertEquals(1, each.rejections());
    assertEquals(2, each.tests());
    // the same p-value among 24 tests is not rejected by BH (0.004 > 0.01 / 24)
    double[] family = new double[24];
    java.util.Arrays.fill(family, 0.5);
    family[0] = 0.004;
    assertEquals(0, FalseAlarmControl.benjaminiHochberg(family, 0.01).rejections());

    List<RunFigures.VariantFigures> history = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 8; i++) {
      history.add(figures(10 * (1 + 0.01 * random.nextGaussian()), QUIET));
    }
    RunFigures remeasured = new RunFigures(null, HERE, Map.of("e/v", figures(13, QUIET)));
    VariantComparison c = ComparisonJudge.confirm(remeasured, Map.of("e/v", baseline(figures(10, QUIET), history)),
        Map.of(), 0.01).get("e/v");
    assertTrue(c.metrics().get(0).reason().startsWith("re-measured, judged alone at the run's rate: "),
        c.metrics().get(0).reason());
  }

  private static RunFigures.VariantFigures costing(double cpuPer1k, double allocPerRequest) {
    double[] rounds = {10, 10.1, 9.9, 10.2, 9.8};
    return new RunFigures.VariantFigures("aaa", null, 10, 20, rounds, rounds, new double[] {100, 101, 99, 100, 100},
        500, 0, null, null, cpuPer1k, allocPerRequest, null, () -> null, QUIET, true);
  }

  private static RunFigures.VariantFigures capacity(double rps) {
    double[] rounds = {10, 10.1, 9.9, 10.2, 9.8};
    return new RunFigures.VariantFigures("aaa", null, 10, 20, rounds, rounds, new double[] {100, 101, 99, 100, 100},
        500, 0, null, null, null, null, rps, () -> null, QUIET, true);
  }

  @Test
  void moreAllocationPerRequestThanTheHistorySpreadIsAMemoryRegression() {
    List<RunFigures.VariantFigures> history = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 8; i++) {
      history.add(costing(0.2 * (1 + 0.02 * random.nextGaussian()), 3000 * (1 + 0.02 * random.nextGaussian())));
    }
    VariantBaseline b = baseline(costing(0.2, 3000), history);
    RunFigures heavy = new RunFigures(null, HERE, Map.of("e/v", costing(0.2, 12_000)));
    VariantComparison c = ComparisonJudge.compare(heavy, Map.of("e/v", b), Map.of(), 0.01).get("e/v");
    VariantComparison.MetricComparison alloc = c.metrics().stream()
        .filter(m -> m.metric().equals("alloc_bytes_per_request")).findFirst().orElseThrow();
    assertEquals(RegressionTest.Finding.REGRESSION, alloc.finding(), alloc.toString());
    assertEquals("memory", alloc.category());
    assertEquals(1, ComparisonJudge.counts(Map.of("e/v", c)).memoryRegressions());
    VariantComparison.MetricComparison cpu = c.metrics().stream()
        .filter(m -> m.metric().equals("cpu_ms_per_request")).findFirst().orElseThrow();
    assertEquals(RegressionTest.Finding.UNCHANGED, cpu.finding(), cpu.toString());

    VariantComparison young = ComparisonJudge.compare(heavy, Map.of("e/v", baseline(costing(0.2, 3000), history.subList(0, 2))),
        Map.of(), 0.01).get("e/v");
    assertEquals(RegressionTest.Finding.INCONCLUSIVE, young.metrics().stream()
        .filter(m -> m.metric().equals("alloc_bytes_per_request")).findFirst().orElseThrow().finding(),
        "two earlier runs do not tell this variant's noise");
  }

  @Test
  void aCapacityBelowWhatTheHistorySaysIsAPerformanceRegressionAndAboveIsAnImprovement() {
    List<RunFigures.VariantFigures> history = new ArrayList<>();
    Random random = new Random(5);
    for (int i = 0; i < 8; i++) {
      history.add(capacity(600 * (1 + 0.02 * random.nextGaussian())));
    }
    VariantBaseline b = baseline(capacity(600), history);
    java.util.function.Function<Double, VariantComparison.MetricComparison> judged = rps -> ComparisonJudge
        .compare(new RunFigures(null, HERE, Map.of("e/v", capacity(rps))), Map.of("e/v", b), Map.of(), 0.01)
        .get("e/v").metrics().stream().filter(m -> m.metric().equals("capacity_rps")).findFirst().orElseThrow();
    VariantComparison.MetricComparison dropped = judged.apply(400.0);
    assertEquals(RegressionTest.Finding.REGRESSION, dropped.finding(), dropped.toString());
    assertEquals("performance", dropped.category());
    assertEquals(RegressionTest.Finding.UNCHANGED, judged.apply(605.0).finding());
    assertEquals(RegressionTest.Finding.IMPROVEMENT, judged.apply(900.0).finding());
  }
}
