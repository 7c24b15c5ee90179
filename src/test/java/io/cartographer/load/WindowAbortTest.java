package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import io.cartographer.plan.WindowThreshold;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.TestVariants;
import io.cartographer.verdict.ThresholdCheck;
import io.cartographer.verdict.ThresholdJudge;
import io.cartographer.verdict.VariantVerdict;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Window limits judged while a variant runs, against loopback servers that stall after 2 s: a
 * breached abort-on-fail window stops the variant within the window plus the grace of the
 * stall, or the whole run; a server that does not stall breaches nothing.
 */
class WindowAbortTest {

  private static final long STALL_AFTER_MILLIS = 2000;
  @RegisterExtension static final TestEngine ENGINE = new TestEngine();

  /** Answers at once until 2 s after its first request, then each answer takes {@code stall} ms. */
  private static LoopbackServer stallingServer(long stallMillis) throws Exception {
    AtomicLong first = new AtomicLong();
    return LoopbackServer.start(req -> {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      boolean stalled = now - first.get() > STALL_AFTER_MILLIS * 1_000_000L;
      if (stalled) {
        Vertx.currentContext().owner().setTimer(stallMillis, t -> req.response().end("late"));
      } else {
        req.response().end("ok");
      }
    });
  }

  private static Variant variant(LoadSettings load, WindowThreshold window) {
    Thresholds limits = new Thresholds(null, null, null, null, null, null, null, null, null, null, null, List.of(window));
    return TestVariants.variant().request("GET", "/w").load(load).thresholds(limits).build();
  }

  private static WindowThreshold p99(WindowThreshold.Scope scope) {
    return new WindowThreshold(WindowThreshold.Metric.P99, 500_000, Duration.ofSeconds(2), true, scope, Duration.ofSeconds(1));
  }

  private static LoadSettings open() {
    return TestVariants.open(50, Duration.ofSeconds(8), 256, 0, Duration.ofSeconds(3), 1024);
  }

  @Test
  void aStallAbortsTheVariantWithinTheWindowAndTheGrace() throws Exception {
    try (LoopbackServer server = stallingServer(1500)) {
      LiveCounters live = new LiveCounters();
      VariantResult r = ENGINE.run(server.baseUrl(), variant(open(), p99(WindowThreshold.Scope.VARIANT)), live);
      WindowOutcome outcome = r.windows().get(0);
      assertTrue(outcome.breached() && outcome.aborted(), outcome.toString());
      // the stall starts 2 s in; a 2 s window with a 1 s grace sees it by 2 + 2 + 1 s (a tick late
      // on a busy machine at most adds to that)
      assertTrue(outcome.breachedAtSeconds() >= 2.0 && outcome.breachedAtSeconds() <= 2 + 2 + 1 + 1.5,
          "breached at " + outcome.breachedAtSeconds());
      assertNotNull(r.stoppedBecause());
      assertTrue(r.stoppedBecause().startsWith("abort-on-fail: " + r.variant().key() + ": p99 over the last 2s"), r.stoppedBecause());
      assertFalse(live.stop().isRequested(), "the run goes on: only the variant stopped");
      assertTrue(r.open().intended() - r.requests() - r.open().dropped() > 50,
          "the rest of the 8 s schedule was not sent: " + r.requests() + " of " + r.open().intended());

      VariantVerdict verdict = ThresholdJudge.judge(r, TargetMemory.notMeasured("not read in this test"));
      ThresholdCheck check = verdict.checks().stream().filter(c -> c.metric().equals("window_p99_ms")).findFirst().orElseThrow();
      assertFalse(check.passed());
      assertEquals(500.0, check.limit());
      assertTrue(check.reason().contains("above limit 500ms") && check.reason().contains("stopped the variant"), check.reason());
    }
  }

  @Test
  void aHangWithNothingCompletingIsAStall() throws Exception {
    // closed model, two connections: after 2 s nothing answers within the window at all
    try (LoopbackServer server = stallingServer(60_000)) {
      LoadSettings closed = TestVariants.closed(2, null, Duration.ofSeconds(8), 0, Duration.ofSeconds(4), 1024);
      VariantResult r = ENGINE.run(server.baseUrl(), variant(closed, p99(WindowThreshold.Scope.VARIANT)), new LiveCounters());
      WindowOutcome outcome = r.windows().get(0);
      assertTrue(outcome.aborted(), outcome.toString());
      assertTrue(outcome.stalled() && outcome.inFlightAtWorst() == 2, outcome.toString());
      assertTrue(outcome.breachedAtSeconds() <= 2 + 2 + 1 + 1.5, outcome.toString());
      assertTrue(r.stoppedBecause().contains("no request completed in the last 2s while 2 were in flight"), r.stoppedBecause());
      assertEquals(2, r.errors().get(ErrorKind.TIMEOUT), "the two hung requests time out");
    }
  }

  @Test
  void aRunScopedAbortStopsTheRun() throws Exception {
    try (LoopbackServer server = stallingServer(1500)) {
      LiveCounters live = new LiveCounters();
      VariantResult r = ENGINE.run(server.baseUrl(), variant(open(), p99(WindowThreshold.Scope.RUN)), live);
      assertTrue(live.stop().isRequested(), "the run's stop was asked for");
      assertTrue(live.stop().reason().startsWith("abort-on-fail: "), live.stop().reason());
      assertEquals(live.stop().reason(), r.stoppedBecause());
    }
  }

  @Test
  void aServerThatKeepsUpBreachesNothing() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      LoadSettings load = TestVariants.open(100, Duration.ofSeconds(3), 64, 0, Duration.ofSeconds(3), 1024);
      VariantResult r = ENGINE.run(server.baseUrl(), variant(load, p99(WindowThreshold.Scope.VARIANT)), new LiveCounters());
      WindowOutcome outcome = r.windows().get(0);
      assertFalse(outcome.breached(), outcome.toString());
      assertNotNull(outcome.worst(), "windows were judged after the grace");
      assertNull(r.stoppedBecause());
      assertEquals(300, r.requests() + r.open().dropped());
      ThresholdCheck check = ThresholdJudge.judge(r, TargetMemory.notMeasured("not read in this test")).checks().stream()
          .filter(c -> c.metric().equals("window_p99_ms")).findFirst().orElseThrow();
      assertTrue(check.passed() && check.reason().startsWith("worst p99 over the last 2s"), check.reason());
    }
  }
}
