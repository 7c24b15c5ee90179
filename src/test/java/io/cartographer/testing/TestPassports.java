package io.cartographer.testing;

import io.cartographer.load.TestResults;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMemoryReader;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetMemory;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportAssembler;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.verdict.ThresholdJudge;
import java.time.Instant;
import java.util.List;

/** Real passports, assembled the way a run assembles them, from results with known figures. */
public final class TestPassports {

  public static final String PLAN =
      """
      name: fixture
      target: {base-url: http://127.0.0.1:1}
      defaults: {thresholds: {max-p99: 50ms, max-error-rate: 0.01}}
      endpoints:
        - name: health
          path: /health
          variants: [{name: basic}]
      """;

  private static final ProbeResources LIGHT_PROBE =
      new ProbeResources(
          ProbeMemoryReader.read(), ProbeMemoryReader.read(), 0.05, 0.025, 0.4, 1.5, 50, false,
          "probe CPU 3% of 2 cores (bound 90%), event-loop lag p99 0.4 ms max 1.5 ms (bound 20 ms)",
          0.02, 0.0);

  private TestPassports() {}

  /** A written passport as a JSON tree, for tests that look at the file's form itself. */
  public static com.fasterxml.jackson.databind.JsonNode tree(byte[] bytes) throws java.io.IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes);
  }

  public static Plan plan() {
    try {
      return new PlanLoader().parse(PLAN, "fixture", false, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A passport of a run that started at {@code startedAt}, with latencies {@code micros}. */
  public static Passport passport(Instant startedAt, String runId, long failed, long... micros) {
    return assemble(startedAt, runId, null, failed, micros);
  }

  /** Shard {@code index} of {@code count} of a distributed run of the fixture plan. */
  public static Passport shard(Instant startedAt, String runId, int index, int count, long failed, long... micros) {
    return assemble(startedAt, runId, new Passport.ShardInfo(index, count, null), failed, micros);
  }

  private static Passport assemble(
      Instant startedAt, String runId, Passport.ShardInfo shard, long failed, long... micros) {
    Plan plan = plan();
    VariantResult result = TestResults.of(plan.variants().get(0), failed, micros);
    TargetMemory memory = TargetMemory.notMeasured("the plan names no metrics endpoint of the target");
    VariantOutcome outcome =
        new VariantOutcome(result, ThresholdJudge.judge(result, memory), LIGHT_PROBE, memory);
    return PassportAssembler.assemble(
        plan,
        new PassportAssembler.RunFacts(
            PassportId.of(startedAt, runId), runId, "cli", "fixture", "test", startedAt, startedAt.plusSeconds(1)),
        List.of(outcome),
        shard,
        null);
  }

  public static Passport passport(Instant startedAt, String runId) {
    return passport(startedAt, runId, 0, 1000, 2000, 3000);
  }
}
