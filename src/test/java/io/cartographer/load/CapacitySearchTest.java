package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.CapacitySettings;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import io.cartographer.testing.DelayServerProcess;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.TestVariants;
import io.cartographer.verdict.ThresholdCheck;
import io.cartographer.verdict.ThresholdJudge;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capacity model's search against servers of known capacity: one in another process that
 * serves at most 600 requests a second (past that, requests queue), and one that keeps up with
 * the whole range.
 */
class CapacitySearchTest {

  @RegisterExtension static final TestEngine ENGINE = new TestEngine();

  private static VariantResult search(java.net.URI target, double from, double to) throws Exception {
    return search(target, from, to, 512);
  }

  private static VariantResult search(java.net.URI target, double from, double to, int connections) throws Exception {
    return search(target, from, to, connections, Duration.ofMillis(50));
  }

  private static VariantResult search(java.net.URI target, double from, double to, int connections, Duration maxP99)
      throws Exception {
    LoadSettings load = TestVariants.open(from, Duration.ofSeconds(1), connections, 50, Duration.ofSeconds(5), 1024)
        .withCapacity(new CapacitySettings(from, to, Duration.ofSeconds(2), 0.05));
    Variant v = TestVariants.variant().request("GET", "/c").load(load)
        .thresholds(new Thresholds(null, maxP99, 0.0, null, null)).build();
    return ENGINE.run(target, v, new LiveCounters());
  }

  @Test
  void aServerThatSaturatesAt600PerSecondHasACapacityWithinTenPercentOfIt() throws Exception {
    try (DelayServerProcess server = DelayServerProcess.startWithCapacity(600)) {
      VariantResult r = search(server.baseUrl(), 100, 2000);
      CapacityOutcome c = r.capacity();
      System.out.println("capacity of the 600/s server: " + c.kneeRps() + "/s in " + c.steps().size() + " steps: "
          + c.steps().stream().map(s -> s.rate() + (s.holds() ? " held" : " broke")).toList());
      assertEquals("found", c.status(), c.toString());
      assertTrue(c.kneeRps() >= 540 && c.kneeRps() <= 660, "capacity " + c.kneeRps() + ": " + c.steps());
      assertTrue(c.steps().stream().anyMatch(s -> !s.holds() && s.rate() > 600), "a step above 600/s broke: " + c.steps());
      assertEquals(100, c.steps().get(0).rate(), "the search starts at from");
      assertTrue(c.steps().size() <= CapacitySearch.MAX_STEPS);
      // the variant's figures are the highest step that held
      assertEquals(c.kneeRps(), r.open().requestedRps(), 1e-9);
      ThresholdCheck check = ThresholdJudge.judge(r, TargetMemory.notMeasured("not read"))
          .checks().stream().filter(x -> x.metric().equals("capacity_rps")).findFirst().orElseThrow();
      assertTrue(check.passed() && check.reason().startsWith("capacity "), check.reason());
    }
  }

  @Test
  void aServerThatKeepsUpIsAtLeastTheTopOfTheRange() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      VariantResult r = search(server.baseUrl(), 50, 400);
      CapacityOutcome c = r.capacity();
      assertEquals("at-least-to", c.status(), c.toString());
      assertEquals(400, c.kneeRps());
      assertEquals(java.util.List.of(50.0, 100.0, 200.0, 400.0), c.steps().stream().map(CapacityOutcome.Step::rate).toList(),
          "doubling from 50/s up to 400/s");
      assertTrue(c.steps().stream().allMatch(CapacityOutcome.Step::holds));
    }
  }

  @Test
  void aServerTooSlowForTheFirstStepIsBelowFrom() throws Exception {
    try (DelayServerProcess server = DelayServerProcess.startWithCapacity(100)) {
      VariantResult r = search(server.baseUrl(), 300, 1000);
      CapacityOutcome c = r.capacity();
      assertEquals("below-from", c.status(), c.toString());
      assertEquals(null, c.kneeRps());
      assertEquals(1, c.steps().size(), "one step, at from");
      ThresholdCheck check = ThresholdJudge.judge(r, TargetMemory.notMeasured("not read"))
          .checks().stream().filter(x -> x.metric().equals("capacity_rps")).findFirst().orElseThrow();
      assertFalse(check.passed());
      assertTrue(check.reason().startsWith("capacity below 300/s"), check.reason());
    }
  }

  @Test
  void aProbeThatRunsOutOfConnectionsSaysSoInsteadOfNamingTheTargetsCapacity() throws Exception {
    // every answer takes 20 ms: two connections carry at most 100 requests a second, while the
    // target itself answers each one well within the 500 ms limit (a limit far above the delay:
    // on a busy machine the delay server's own p99 reached 180 ms, which a 50 ms limit judged the
    // target's); a step above 100/s queues its requests for up to a second behind the two
    try (DelayServerProcess server = DelayServerProcess.start(20_000)) {
      VariantResult r = search(server.baseUrl(), 40, 1000, 2, Duration.ofMillis(500));
      CapacityOutcome c = r.capacity();
      assertEquals("probe-limited", c.status(), c.toString());
      assertTrue(c.reason().startsWith("the probe, not the target, was the limit"), c.reason());
      assertTrue(c.reason().contains("raise max-connections"), c.reason());
      CapacityOutcome.Step last = c.steps().get(c.steps().size() - 1);
      assertFalse(last.holds());
      assertTrue(last.serviceP99Micros() <= 500_000 && last.p99Micros() > 500_000, last.toString());
      assertFalse(ThresholdJudge.judge(r, TargetMemory.notMeasured("not read")).checks().stream()
          .filter(x -> x.metric().equals("capacity_rps")).findFirst().orElseThrow().passed(),
          "not the target's capacity: the check does not pass");
    }
  }
}
