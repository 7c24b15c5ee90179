package io.cartographer.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.Tolerances;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonJudgeTest {

  private static final RunFigures.Fingerprint HERE = new RunFigures.Fingerprint("1.0", 2, "jvm");

  private static RunFigures.VariantFigures figures(String digest, double p50) {
    double[] rounds = {p50, p50 * 1.01, p50 * 0.99, p50 * 1.02, p50 * 0.98};
    return new RunFigures.VariantFigures(digest, rounds, rounds, new double[] {100, 101, 99, 100, 100}, 500, 0, null, null);
  }

  @Test
  void aVariantWhoseDefinitionChangedIsIncomparableNeverFlagged() {
    RunFigures base = new RunFigures("b", HERE, Map.of("e/v", figures("aaa", 10)));
    RunFigures now = new RunFigures(null, HERE, Map.of("e/v", figures("bbb", 50)));
    VariantComparison c = ComparisonJudge.compare(now, base, List.of(), Map.of()).get("e/v");
    assertEquals("incomparable", c.status());
    assertTrue(c.reason().startsWith("its definition changed"), c.reason());
    assertEquals(new ComparisonJudge.Counts(0, 0, 0), ComparisonJudge.counts(Map.of("e/v", c)));
  }

  @Test
  void aVariantMissingFromTheBaselineIsIncomparable() {
    RunFigures base = new RunFigures("b", HERE, Map.of());
    RunFigures now = new RunFigures(null, HERE, Map.of("e/v", figures("aaa", 10)));
    assertEquals("incomparable", ComparisonJudge.compare(now, base, List.of(), Map.of()).get("e/v").status());
  }

  @Test
  void environmentDifferencesAreWarnings() {
    RunFigures base = new RunFigures("b", new RunFigures.Fingerprint("0.9", 4, "native"), Map.of());
    RunFigures now = new RunFigures(null, HERE, Map.of());
    assertEquals(List.of("probe version differs: 0.9 then, 1.0 now", "CPU count differs: 4 then, 2 now",
        "runtime differs: native then, jvm now"), ComparisonJudge.warnings(now, base));
  }

  @Test
  void perVariantToleranceDecides() {
    RunFigures base = new RunFigures("b", HERE, Map.of("e/v", figures("aaa", 10)));
    RunFigures now = new RunFigures(null, HERE, Map.of("e/v", figures("aaa", 13)));
    assertEquals(1, ComparisonJudge.counts(ComparisonJudge.compare(now, base, List.of(), Map.of())).performanceRegressions());
    Map<String, Tolerances> loose = Map.of("e/v", new Tolerances(0.05, Map.of("p50", 0.5, "p99", 0.5)));
    assertEquals(0, ComparisonJudge.counts(ComparisonJudge.compare(now, base, List.of(), loose)).performanceRegressions());
  }
}
