package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.passport.LatencyLogs;
import io.cartographer.plan.Variant;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.TestVariants;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The measured phase second by second, against loopback servers: the intervals add up to the
 * variant's own figures exactly, follow the open model's rate, and their histograms are an
 * HdrHistogram interval log that HdrHistogram's reader reads back.
 */
class TimelineTest {

  @RegisterExtension static final TestEngine ENGINE = new TestEngine();

  private static VariantResult run(LoopbackServer server, Variant variant) throws Exception {
    return ENGINE.run(server.baseUrl(), variant, new LiveCounters());
  }

  private static long sum(List<Timeline.Interval> intervals, java.util.function.ToLongFunction<Timeline.Interval> f) {
    return intervals.stream().mapToLong(f).sum();
  }

  @Test
  void aClosedVariantsIntervalsAddUpToItsFiguresAndTheirLogReadsBack() throws Exception {
    AtomicLong seen = new AtomicLong();
    // every fifth answer is a 503: an error of kind status, counted in its interval
    try (LoopbackServer server = LoopbackServer.start(req -> {
      int status = seen.incrementAndGet() % 5 == 0 ? 503 : 200;
      Vertx.currentContext().owner().setTimer(1, t -> req.response().setStatusCode(status).end("ok"));
    })) {
      Variant v = TestVariants.variant().request("GET", "/t")
          .load(TestVariants.closed(3, null, Duration.ofMillis(2500), 20, Duration.ofSeconds(2), 1024)).build();
      VariantResult r = run(server, v);
      Timeline t = r.timeline();
      List<Timeline.Interval> in = t.intervals();
      assertTrue(in.size() >= 3, "a 2.5 s phase in one-second intervals: " + in.size());
      assertEquals(r.requests(), sum(in, Timeline.Interval::requests), "every recorded request in one interval");
      assertEquals(r.failed(), sum(in, Timeline.Interval::errors));
      assertEquals(r.failed(), in.stream().mapToLong(i -> i.errorsByKind().getOrDefault(ErrorKind.STATUS, 0L)).sum(),
          "the errors by kind: all status errors");
      double seconds = in.stream().mapToDouble(Timeline.Interval::seconds).sum();
      assertTrue(Math.abs(seconds - r.measuredSeconds()) < 1.0, seconds + " s of intervals for " + r.measuredSeconds());
      for (int i = 0; i < in.size(); i++) {
        Timeline.Interval interval = in.get(i);
        assertTrue(interval.inFlight() <= 3, "at most the connections in flight: " + interval);
        assertEquals(0, interval.late() + interval.dropped(), "no schedule in the closed model");
        if (i > 0) {
          assertTrue(interval.offsetSeconds() > in.get(i - 1).offsetSeconds(), "in order");
        }
        if (interval.p50Micros() != null) {
          assertTrue(interval.p50Micros() <= interval.p90Micros() && interval.p90Micros() <= interval.p99Micros()
              && interval.p99Micros() <= interval.maxMicros(), interval.toString());
          assertTrue(interval.p50Micros() >= 1000, "the server waits 1 ms: " + interval);
        }
      }

      byte[] log = LatencyLogs.render(Instant.now(), List.of(t.latencyLog()));
      HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(log));
      long recorded = 0;
      int histograms = 0;
      for (Histogram h = (Histogram) reader.nextIntervalHistogram(); h != null;
          h = (Histogram) reader.nextIntervalHistogram()) {
        assertEquals(Timeline.tag(v.key()), h.getTag());
        assertTrue(h.getEndTimeStamp() >= h.getStartTimeStamp(), "absolute, ordered timestamps");
        recorded += h.getTotalCount();
        histograms++;
      }
      assertEquals(in.size(), histograms, "one histogram per interval");
      assertEquals(r.succeeded(), recorded, "the log holds every successful request's latency");
    }
  }

  @Test
  void anOpenVariantsIntervalsFollowItsRateAndCountItsSchedule() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      Variant v = TestVariants.variant().request("GET", "/o")
          .load(TestVariants.open(300, Duration.ofSeconds(3), 16, 30, Duration.ofSeconds(2), 1024)).build();
      VariantResult r = run(server, v);
      List<Timeline.Interval> in = r.timeline().intervals();
      assertEquals(900 - r.open().dropped(), r.requests(), "the schedule sent");
      assertTrue(r.open().dropped() <= 9, "within 1 % of the schedule: " + r.open());
      assertEquals(r.requests(), sum(in, Timeline.Interval::requests));
      assertEquals(r.open().late(), sum(in, Timeline.Interval::late));
      assertEquals(r.open().dropped(), sum(in, Timeline.Interval::dropped));
      // the full intervals: their rate is the schedule's (a busy machine moves a tick, not the
      // count per second of a schedule that has no gap)
      List<Timeline.Interval> full = in.subList(0, in.size() - 1).stream().filter(i -> i.seconds() >= 0.5).toList();
      assertTrue(full.size() >= 2, "full intervals: " + in);
      for (Timeline.Interval i : full) {
        double rate = i.requests() / i.seconds();
        assertTrue(rate > 300 * 0.6 && rate < 300 * 1.4, "about 300/s in " + i);
      }
    }
  }

  @Test
  void aVariantWithoutRequestsHasOneEmptyInterval() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      Variant v = TestVariants.variant().request("GET", "/none")
          .load(TestVariants.closed(1, 0L, null, 0, Duration.ofSeconds(2), 1024)).build();
      Timeline t = run(server, v).timeline();
      assertEquals(1, t.intervals().size(), t.toString());
      Timeline.Interval only = t.intervals().get(0);
      assertEquals(0, only.requests());
      assertNull(only.p50Micros(), "no percentile without a successful request");
      assertEquals(Map.of(), only.errorsByKind());
    }
  }
}
