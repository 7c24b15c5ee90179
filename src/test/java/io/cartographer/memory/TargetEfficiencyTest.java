package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.LoopbackServer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Target efficiency from counter deltas: per-request figures from known readings, and every way
 * a reading can fail to give one (absent, reset, missing at one end, no requests) named, never 0.
 */
class TargetEfficiencyTest {

  private static final long SECOND = 1_000_000_000L;

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CounterReading reading(String runtime, Map<String, Double> sums) {
    return new CounterReading(sums, runtime);
  }

  @Test
  void goCountersGivePerRequestFigures() {
    CounterReading start = reading("go", Map.of("process_cpu_seconds_total", 10.0,
        "go_memstats_alloc_bytes_total", 1e6, "go_gc_duration_seconds_count", 5.0,
        "go_gc_duration_seconds_sum", 0.01, "process_open_fds", 10.0));
    CounterReading end = reading("go", Map.of("process_cpu_seconds_total", 12.0,
        "go_memstats_alloc_bytes_total", 1e6 + 2e7, "go_gc_duration_seconds_count", 25.0,
        "go_gc_duration_seconds_sum", 0.03, "process_open_fds", 12.0));
    TargetEfficiency e = TargetEfficiency.between(
        reading("go", Map.of("process_open_fds", 9.0)), start, 0, 0, end, 10_000, 2 * SECOND);
    assertEquals("go", e.runtime());
    assertEquals(10_000, e.requests());
    assertEquals(0.2, e.cpuSecondsPer1kRequests(), 1e-9);
    assertEquals(1.0, e.cpuCores(), 1e-9);
    assertEquals("process_cpu_seconds_total", e.cpuSeries());
    assertEquals(2000, e.allocPerRequest(), 1e-9);
    assertEquals("bytes", e.allocUnit());
    assertEquals(2.0, e.gcCollectionsPer1kRequests(), 1e-9);
    assertEquals(2.0, e.gcPauseMsPer1kRequests(), 1e-9, "0.02 s of pauses over 10,000 requests");
    assertEquals(3L, e.openFdsDelta(), "from before the warm-up to after the variant");
    assertEquals(Map.of(), e.notMeasured());
  }

  @Test
  void aCounterThatWentDownIsAResetNotANegativeFigure() {
    TargetEfficiency e = TargetEfficiency.between(null,
        reading("go", Map.of("process_cpu_seconds_total", 50.0)), 0, 0,
        reading("go", Map.of("process_cpu_seconds_total", 0.5)), 1000, SECOND);
    assertNull(e.cpuSecondsPer1kRequests());
    assertNull(e.cpuCores());
    assertTrue(e.notMeasured().get("cpu").contains("went down"), e.notMeasured().get("cpu"));
  }

  @Test
  void aSeriesMissingFromOneReadingOrFromBothIsNamed() {
    TargetEfficiency e = TargetEfficiency.between(null,
        reading("unknown", Map.of("process_cpu_seconds_total", 1.0, "process_open_fds", 3.0)), 0, 0,
        reading("unknown", Map.of("process_open_fds", 3.0)), 1000, SECOND);
    assertTrue(e.notMeasured().get("cpu").contains("missing from the reading at the end"), e.notMeasured().toString());
    assertTrue(e.notMeasured().get("alloc").startsWith("the target exposes none of"), e.notMeasured().toString());
    assertTrue(e.notMeasured().get("gc").startsWith("the target exposes none of"), e.notMeasured().toString());
    assertEquals(e.notMeasured().get("gc"), e.notMeasured().get("gc_pause"));
    assertEquals(0L, e.openFdsDelta());
  }

  @Test
  void noRequestBetweenTheReadingsMeasuresNothing() {
    CounterReading same = reading("go", Map.of("process_cpu_seconds_total", 1.0));
    TargetEfficiency e = TargetEfficiency.between(same, same, 500, 0, same, 500, SECOND);
    assertNull(e.cpuSecondsPer1kRequests());
    assertEquals(6, e.notMeasured().size());
  }

  @Test
  void pythonCountsObjectsAndHasNoPauseTimes() {
    TargetEfficiency e = TargetEfficiency.between(null,
        reading("python", Map.of("python_gc_objects_collected_total", 100.0, "python_gc_collections_total", 1.0)), 0, 0,
        reading("python", Map.of("python_gc_objects_collected_total", 5100.0, "python_gc_collections_total", 3.0)),
        1000, SECOND);
    assertEquals(5.0, e.allocPerRequest(), 1e-9);
    assertEquals("objects", e.allocUnit());
    assertEquals(2.0, e.gcCollectionsPer1kRequests(), 1e-9);
    assertNull(e.gcPauseMsPer1kRequests());
    assertTrue(e.notMeasured().get("gc_pause").contains("without pause times"), e.notMeasured().toString());
  }

  @Test
  void aReadingSumsLabelsKeepsOnlyKnownSeriesAndDropsNonFiniteOnes() throws Exception {
    MetricsText metrics = MetricsText.parse("""
        # TYPE jvm_gc_pause_seconds summary
        jvm_gc_pause_seconds_count{gc="young"} 3
        jvm_gc_pause_seconds_count{gc="old"} 1
        jvm_gc_pause_seconds_sum{gc="young"} 0.5
        jvm_gc_pause_seconds_sum{gc="old"} NaN
        # TYPE other_total counter
        other_total 7
        """, false);
    CounterReading r = CounterReading.of(metrics, TargetEfficiency.known(Map.of()));
    assertEquals("jvm", r.runtime());
    assertEquals(Map.of("jvm_gc_pause_seconds_count", 4.0), r.sums());
  }

  @Test
  void theSamplerReadsTheCountersWhenTheMeasuredPhaseStartsAndAtTheEnd() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    try (LoopbackServer server = LoopbackServer.start(req -> {
      int n = scrapes.incrementAndGet();
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(
          "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1000\n"
              + "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " + n + "\n");
    })) {
      AtomicLong requests = new AtomicLong();
      TargetMemorySampler sampler = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofHours(1), io.cartographer.plan.TlsSettings.DEFAULT,
          requests::get, Map.of());
      sampler.measuredPhaseStarted();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrapes.get() >= 2);
      requests.set(2000);
      TargetMemory memory = sampler.stop();
      TargetEfficiency e = sampler.efficiency();
      assertEquals(3, scrapes.get(), "before, at the start of the measured phase, after");
      assertEquals(3, memory.samples());
      assertEquals(2000, e.requests());
      assertEquals(0.5, e.cpuSecondsPer1kRequests(), 1e-9, "from 2 to 3 CPU seconds over 2,000 requests");
      assertEquals("unknown", e.runtime());
    }
  }

  @Test
  void withoutTheMeasuredPhaseNothingIsMeasuredAndTheReasonSaysSo() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "process_resident_memory_bytes 1\n"))) {
      TargetMemorySampler sampler = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofHours(1), io.cartographer.plan.TlsSettings.DEFAULT, () -> 0, Map.of());
      sampler.stop();
      TargetEfficiency e = sampler.efficiency();
      assertNull(e.cpuSecondsPer1kRequests());
      assertTrue(e.notMeasured().get("cpu").contains("did not start"), e.notMeasured().toString());
    }
  }

  @Test
  void growthIsTheSlopeOfMemoryOnRequestsWithItsInterval() {
    GrowthSlope exact = GrowthSlope.fit(java.util.List.of(
        new GrowthSlope.Point(0, 1000), new GrowthSlope.Point(100, 5000), new GrowthSlope.Point(200, 9000)));
    assertEquals(40.0, exact.perRequest(), 1e-9);
    assertEquals(40.0, exact.intervalLow(), 1e-6, "no scatter, no width");
    GrowthSlope two = GrowthSlope.fit(java.util.List.of(new GrowthSlope.Point(0, 1), new GrowthSlope.Point(9, 2)));
    assertNull(two.perRequest());
    GrowthSlope same = GrowthSlope.fit(java.util.List.of(
        new GrowthSlope.Point(5, 1), new GrowthSlope.Point(5, 2), new GrowthSlope.Point(5, 3)));
    assertNull(same.perRequest());
    assertTrue(same.notMeasured().contains("same request count"), same.notMeasured());
  }

  @Test
  void theSamplerReadsMemoryAfterEachRoundForTheGrowth() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    AtomicLong requests = new AtomicLong();
    try (LoopbackServer server = LoopbackServer.start(req -> {
      scrapes.incrementAndGet();
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4")
          .end("process_resident_memory_bytes " + (1_000_000 + 4096 * requests.get()) + "\n"
              + "process_open_fds " + (40 + requests.get() / 100) + "\n");
    })) {
      TargetMemorySampler sampler = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofHours(1), io.cartographer.plan.TlsSettings.DEFAULT,
          requests::get, Map.of());
      sampler.measuredPhaseStarted();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrapes.get() >= 2);
      for (int round = 1; round <= 4; round++) {
        requests.set(round * 1000L);
        int expected = 2 + round;
        sampler.roundEnded();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrapes.get() >= expected);
      }
      GrowthSlope growth = sampler.stop().growth();
      assertEquals(5, growth.readings(), "the start of the measured phase and four round ends");
      assertEquals(4096.0, growth.perRequest(), 1e-6);
      GrowthSlope descriptors = sampler.efficiency().openFdsGrowth();
      assertEquals(5, descriptors.readings());
      assertEquals(0.01, descriptors.perRequest(), 1e-9, "one descriptor per 100 requests");
    }
  }

  @Test
  void aMetricThePlanNamesIsReadInsteadOfTheWellKnownOnes() {
    TargetEfficiency.Sources sources = TargetEfficiency.Sources.of(Map.of("cpu", "app_cpu_seconds_total",
        "gc-count", "app_gc_total", "gc-pause", "app_gc_seconds_total"));
    TargetEfficiency e = TargetEfficiency.between(sources, null,
        reading("unknown", Map.of("app_cpu_seconds_total", 1.0, "process_cpu_seconds_total", 100.0,
            "app_gc_total", 0.0, "app_gc_seconds_total", 0.0)), 0, 0,
        reading("unknown", Map.of("app_cpu_seconds_total", 2.0, "process_cpu_seconds_total", 200.0,
            "app_gc_total", 4.0, "app_gc_seconds_total", 0.004)), 1000, SECOND);
    assertEquals("app_cpu_seconds_total", e.cpuSeries());
    assertEquals(1.0, e.cpuSecondsPer1kRequests(), 1e-9);
    assertEquals(4.0, e.gcCollectionsPer1kRequests(), 1e-9);
    assertEquals(4.0, e.gcPauseMsPer1kRequests(), 1e-9);
    assertTrue(TargetEfficiency.known(Map.of("cpu", "app_cpu_seconds_total")).contains("app_cpu_seconds_total"));
  }
}
