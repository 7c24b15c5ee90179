package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.LoadStage;
import io.cartographer.plan.Variant;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.TestVariants;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staged loads against loopback servers: an open ramp sends its schedule and its seconds follow
 * the ramp; closed connections join as the ramp reaches them; unmeasured stages stay out of the
 * figures but in the timeline.
 */
class StagedLoadTest {

  @RegisterExtension static final TestEngine ENGINE = new TestEngine();

  private static VariantResult run(LoopbackServer server, LoadSettings load) throws Exception {
    Variant v = TestVariants.variant().request("GET", "/staged").load(load).build();
    return ENGINE.run(server.baseUrl(), v, new LiveCounters());
  }

  @Test
  void aRateRampFrom100To1000PerSecondSendsItsScheduleAndItsSecondsFollowIt() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      LoadSettings load = TestVariants.open(100, Duration.ofSeconds(1), 64, 50, Duration.ofSeconds(2), 1024)
          .withStages(List.of(new LoadStage(Duration.ofSeconds(5), 1000, true)));
      VariantResult r = run(server, load);
      assertEquals(2750, r.open().intended(), "(100 + 1000) / 2 × 5 s");
      assertTrue(r.open().dropped() <= 27, "within 1 % of the schedule sent: " + r.open());
      assertEquals(2750 - r.open().dropped(), r.requests());
      assertEquals(2750 - r.open().dropped() + 50, server.requests(), "the schedule sent and the warm-up, nothing else");
      // each full interval's rate is the ramp's mean rate over that interval (r(t) = 100 + 180 t)
      List<Timeline.Interval> full = r.timeline().intervals().stream().filter(i -> i.seconds() >= 0.5).toList();
      assertTrue(full.size() >= 4, "seconds of a 5 s ramp: " + r.timeline().intervals());
      double lastRate = 0;
      for (Timeline.Interval i : full) {
        double mid = i.offsetSeconds() + i.seconds() / 2;
        double expected = 100 + 180 * Math.min(mid, 5);
        double rate = i.requests() / i.seconds();
        assertTrue(Math.abs(rate - expected) <= expected * 0.15 + 10, "about " + expected + "/s in " + i);
        assertTrue(rate > lastRate, "the rate climbs: " + r.timeline().intervals());
        lastRate = rate;
      }
    }
  }

  @Test
  void closedConnectionsJoinAsTheRampReachesThem() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(
        req -> Vertx.currentContext().owner().setTimer(5, t -> req.response().end("slow")))) {
      LoadSettings load = TestVariants.closed(1, null, Duration.ofSeconds(1), 0, Duration.ofSeconds(2), 1024)
          .withStages(List.of(new LoadStage(Duration.ofSeconds(2), 4, true), new LoadStage(Duration.ofMillis(1500), 4, true)));
      VariantResult r = run(server, load);
      assertEquals(4, server.connections(), "the ramp's peak, each connection opened when it joined");
      List<Timeline.Interval> in = r.timeline().intervals();
      assertTrue(in.size() >= 3, in.toString());
      // at 1 s the ramp is at 2.5 connections, at 2 s and after at 4 (a late tick sees more)
      assertTrue(in.get(0).inFlight() >= 2 && in.get(0).inFlight() <= 4, "after 1 s: " + in.get(0));
      assertTrue(in.get(1).inFlight() >= 3 && in.get(1).inFlight() <= 4, "after 2 s: " + in.get(1));
      assertTrue(in.stream().allMatch(i -> i.inFlight() <= 4), in.toString());
      assertTrue(r.measuredSeconds() >= 3.4 && r.measuredSeconds() < 10, "the stages' 3.5 s: " + r.measuredSeconds());
    }
  }

  @Test
  void unmeasuredStagesAreInTheTimelineNotInTheFigures() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      LoadSettings load = TestVariants.open(200, Duration.ofSeconds(1), 16, 0, Duration.ofSeconds(2), 1024)
          .withStages(List.of(new LoadStage(Duration.ofSeconds(1), 200, false), new LoadStage(Duration.ofSeconds(1), 200, true)));
      VariantResult r = run(server, load);
      assertEquals(200, r.open().intended(), "only the measured stage's schedule");
      assertEquals(200 - r.open().dropped(), r.requests());
      assertEquals(r.requests(), r.latency().count() + r.failed());
      long timeline = r.timeline().intervals().stream().mapToLong(Timeline.Interval::requests).sum();
      long droppedInBoth = r.timeline().intervals().stream().mapToLong(Timeline.Interval::dropped).sum();
      assertEquals(400 - droppedInBoth, timeline, "both stages, second by second");
      assertTrue(r.timeline().intervals().stream().anyMatch(i -> Integer.valueOf(0).equals(i.stage()))
          && r.timeline().intervals().stream().anyMatch(i -> Integer.valueOf(1).equals(i.stage())), "stages marked");
      assertEquals(1.0, r.measuredSeconds(), 0.3, "the measured stage's second");
    }
  }
}
