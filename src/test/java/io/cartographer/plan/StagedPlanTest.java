package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Stages in plans: how they resolve, and every way they can be wrong, at once with field paths. */
class StagedPlanTest {

  private static final String PLAN =
      """
      name: staged
      target: {base-url: 'http://127.0.0.1:8080'}
      defaults:
        load: {requests: 100, rounds: 3}
      endpoints:
        - name: items
          path: /items
          variants:
            - name: ramp
              load:
                model: open
                rate: 100/s
                stages:
                  - {duration: 5s, target: 1000/s}
                  - {duration: 10s, target: 1000/s}
                  - {duration: 2s, target: 0/s, measure: false}
            - name: users
              load:
                concurrency: 1
                stages: [{duration: 30s, target: 50}, {duration: 1m, target: 50}]
            - name: constant
      """;

  private static Plan parse(String yaml) throws InvalidPlanException {
    return PlanProblems.parse(yaml);
  }

  private static List<String> problems(String yaml) {
    return PlanProblems.of(yaml);
  }

  @Test
  void stagesResolveToOneRoundOfTheirTotalLengthAndReplaceInheritedCounts() throws Exception {
    Plan plan = parse(PLAN);
    LoadSettings ramp = plan.variants().get(0).load();
    assertTrue(ramp.staged());
    assertEquals(LoadModel.OPEN, ramp.model());
    assertEquals(Duration.ofSeconds(17), ramp.duration());
    assertEquals(null, ramp.requests(), "the inherited request count does not apply");
    assertEquals(1, ramp.rounds(), "the inherited rounds do not apply: the stages run once");
    assertEquals(2750 + 10000 + 1000, ramp.intendedRequests());
    assertFalse(ramp.stages().get(2).measure());
    LoadSettings users = plan.variants().get(1).load();
    assertEquals(50, users.peakConcurrency());
    assertEquals(Duration.ofSeconds(90), users.duration());
    assertFalse(plan.variants().get(2).load().staged(), "a variant without stages is constant");
    assertEquals(3, plan.variants().get(2).load().rounds());
  }

  @Test
  void aStageChangesTheDigestAndAConstantLoadKeepsItsOwn() throws Exception {
    Plan plan = parse(PLAN);
    Plan changed = parse(PLAN.replace("{duration: 10s, target: 1000/s}", "{duration: 10s, target: 900/s}"));
    assertNotEquals(plan.variants().get(0).definitionDigest(), changed.variants().get(0).definitionDigest());
    Plan unmeasured = parse(PLAN.replace("{duration: 10s, target: 1000/s}", "{duration: 10s, target: 1000/s, measure: false}"));
    assertNotEquals(plan.variants().get(0).definitionDigest(), unmeasured.variants().get(0).definitionDigest());
    assertFalse(VariantDefinition.canonical(plan.variants().get(2)).contains("load.stages"),
        "only staged loads have the line: constant digests are what they were");
  }

  static Stream<Arguments> badStages() {
    return Stream.of(
        Arguments.of("requests beside stages", "          rate: 100/s\n", "          rate: 100/s\n          requests: 5\n", "endpoints[0].variants[0].load: stages set the load's length: leave out requests and duration"),
        Arguments.of("rounds beside stages", "          concurrency: 1\n", "          concurrency: 1\n          rounds: 4\n", "endpoints[0].variants[1].load.rounds: a staged load runs its stages once: leave out rounds, or set 1"),
        Arguments.of("stage without target", "{duration: 30s, target: 50}", "{duration: 30s}", "endpoints[0].variants[1].load.stages[0].target: is required: the connections to reach"),
        Arguments.of("stage without duration", "{duration: 5s, target: 1000/s}", "{target: 1000/s}", "endpoints[0].variants[0].load.stages[0].duration: is required (e.g. 10s)"),
        Arguments.of("closed target not whole", "{duration: 30s, target: 50}", "{duration: 30s, target: 2.5}", "endpoints[0].variants[1].load.stages[0].target: must be a whole number, found the number 2.5"),
        Arguments.of("open target not a rate", "{duration: 5s, target: 1000/s}", "{duration: 5s, target: fast}", "endpoints[0].variants[0].load.stages[0].target: 'fast' is not a rate such as 2000/s or 120/m"),
        Arguments.of("unknown stage key", "{duration: 30s, target: 50}", "{duration: 30s, target: 50, hold: 1s}", "endpoints[0].variants[1].load.stages[0].hold: unknown field (allowed: duration, measure, target)"),
        Arguments.of("stages not a list", "stages: [{duration: 30s, target: 50}, {duration: 1m, target: 50}]", "stages: 5", "endpoints[0].variants[1].load.stages: must be a list, found the number 5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badStages")
  void badStagesNameTheirField(String caseName, String from, String to, String expected) {
    String yaml = PLAN.replace(from, to);
    assertNotEquals(PLAN, yaml, caseName);
    assertEquals(List.of(expected), problems(yaml), caseName);
  }

  @Test
  void everyStageUnmeasuredOrNothingScheduledIsRefused() {
    String unmeasured = PLAN.replace("{duration: 30s, target: 50}, {duration: 1m, target: 50}",
        "{duration: 30s, target: 50, measure: false}");
    assertEquals(List.of("endpoints[0].variants[1].load.stages: at least one stage must be measured"
        + " (measure: false on all of them leaves nothing to judge)"), problems(unmeasured));
    String nothing = PLAN.replace("          rate: 100/s\n", "").replace("target: 1000/s}", "target: 0/s}");
    assertNotEquals(PLAN, nothing);
    assertEquals(List.of("endpoints[0].variants[0].load.stages: the stages schedule no request; raise a target or a duration"),
        problems(nothing));
  }
}
