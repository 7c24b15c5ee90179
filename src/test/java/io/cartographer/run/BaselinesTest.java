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
    return new RunFigures.VariantFigures(digest, null, 10, 20, rounds, rounds, rounds, 100, 0, null, null, null, null, null, () -> null, env,
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
  void aBaselineStoredUnderTheFormerDefinitionDigestIsStillTheBaseline() throws Exception {
    java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00Z");
    io.cartographer.passport.Passport stored = io.cartographer.testing.TestPassports.passport(t0, "0000000a");
    com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
        io.cartographer.testing.TestPassports.tree(io.cartographer.passport.PassportJson.write(stored));
    io.cartographer.plan.Variant variant = io.cartographer.testing.TestPassports.plan().variants().get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("test_results").get(0))
        .put("definition_digest", variant.formerDefinitionDigest());
    RunFigures before = io.cartographer.passport.PassportFigures.from(io.cartographer.passport.PassportJson.read(
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(tree)));

    io.cartographer.load.VariantResult now = io.cartographer.load.TestResults.of(variant, 0, 1000, 2000, 3000);
    RunFigures current = new RunFigures(null, before.fingerprint(), Map.of(variant.key(),
        RunFigures.VariantFigures.of(now, io.cartographer.memory.TargetMemory.notMeasured("none"), null, true)));
    VariantBaseline chosen = Baselines.choose(variant.key(), current.variants().get(variant.key()), current,
        List.of(before), null, null);
    assertEquals(stored.id(), chosen.passportId(), "the first run after the change finds its baseline");

    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("test_results").get(0))
        .put("definition_digest", "0".repeat(64));
    RunFigures other = io.cartographer.passport.PassportFigures.from(io.cartographer.passport.PassportJson.read(
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(tree)));
    assertEquals(ComparisonStatus.INCOMPARABLE, Baselines.choose(variant.key(), current.variants().get(variant.key()),
        current, List.of(other), null, null).missingStatus());
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
