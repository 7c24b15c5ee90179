package io.cartographer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.verdict.ComparisonJudge.VariantBaseline;
import io.cartographer.verdict.RunFigures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each variant's baseline and history are chosen from the plan's earlier runs, newest first. */
class BaselinesTest {

  private static final RunFigures.Environment QUIET = new RunFigures.Environment(0.1, 0.0, false);
  private static final RunFigures.Environment BUSY = new RunFigures.Environment(1.1, 0.0, false);

  private static RunFigures.VariantFigures variant(String digest, boolean clean, RunFigures.Environment env) {
    double[] rounds = {10, 10, 10};
    return new RunFigures.VariantFigures(digest, 10, 20, rounds, rounds, rounds, 100, 0, null, null, () -> null, env,
        clean);
  }

  private static RunFigures run(String id, boolean warm, Map<String, RunFigures.VariantFigures> variants) {
    return new RunFigures(id, new RunFigures.Fingerprint("1", 2, "jvm", warm), variants);
  }

  @Test
  void aVariantThatKeepsFailingDoesNotTakeTheOthersBaselineAway() {
    List<RunFigures> earlier = List.of(
        run("newest", false, Map.of("a", variant("d", false, QUIET), "b", variant("d", true, QUIET))),
        run("older", false, Map.of("a", variant("d", true, QUIET), "b", variant("d", true, QUIET))));
    RunFigures current = run(null, false, Map.of("a", variant("d", true, QUIET), "b", variant("d", true, QUIET)));
    VariantBaseline a = Baselines.choose("a", current.variants().get("a"), current, earlier, null, null);
    VariantBaseline b = Baselines.choose("b", current.variants().get("b"), current, earlier, null, null);
    assertEquals("older", a.passportId(), "a's latest clean measurement");
    assertEquals("newest", b.passportId());
    assertEquals("latest-clean", b.source());
    assertEquals(List.of("newest", "older"), b.historyIds());
  }

  @Test
  void aWarmRunIsNotComparedWithColdOnes() {
    List<RunFigures> earlier = List.of(run("cold", false, Map.of("a", variant("d", true, QUIET))));
    RunFigures warm = run(null, true, Map.of("a", variant("d", true, QUIET)));
    VariantBaseline a = Baselines.choose("a", warm.variants().get("a"), warm, earlier, null, null);
    assertNull(a.passportId());
    assertEquals(ComparisonStatus.NO_BASELINE, a.missingStatus());
    assertTrue(a.missing().contains("by a warm probe"), a.missing());
  }

  @Test
  void aBusyRunPrefersABusyBaselineAndOtherwiseSaysTheEnvironmentDiffers() {
    RunFigures current = run(null, false, Map.of("a", variant("d", true, BUSY)));
    List<RunFigures> both = List.of(
        run("quiet", false, Map.of("a", variant("d", true, QUIET))),
        run("busy", false, Map.of("a", variant("d", true, BUSY))));
    VariantBaseline alike = Baselines.choose("a", current.variants().get("a"), current, both, null, null);
    assertEquals("busy", alike.passportId());
    assertNull(alike.environment());
    assertEquals(List.of("busy"), alike.historyIds(), "the noise of like environments only");

    VariantBaseline unlike = Baselines.choose("a", current.variants().get("a"), current, both.subList(0, 1), null, null);
    assertEquals("quiet", unlike.passportId());
    assertTrue(unlike.environment().startsWith("environment: the rest of the host used 1.10 of 2 cores"),
        unlike.environment());
  }

  @Test
  void aChangedDefinitionIsIncomparableAndAGivenBaselineWins() {
    List<RunFigures> earlier = List.of(run("old", false, Map.of("a", variant("other", true, QUIET))));
    RunFigures current = run(null, false, Map.of("a", variant("d", true, QUIET)));
    VariantBaseline a = Baselines.choose("a", current.variants().get("a"), current, earlier, null, null);
    assertEquals(ComparisonStatus.INCOMPARABLE, a.missingStatus());
    RunFigures given = run("given", false, Map.of("a", variant("d", false, QUIET)));
    VariantBaseline chosen = Baselines.choose("a", current.variants().get("a"), current, earlier, given, "given");
    assertEquals("given", chosen.passportId(), "a baseline asked for is used even when it was not clean");
    assertEquals("given", chosen.source());
  }
}
