package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.LoopbackServer;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Target memory from real metrics endpoints on loopback, including broken ones. */
class TargetMemorySamplerTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static final long[] SERIES = {1_000, 5_000, 9_000, 3_000, 2_000, 2_500, 2_500, 2_500, 2_500, 2_500};

  @Test
  void knownChangingValuesGiveExactlyThoseFigures() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    try (LoopbackServer server =
        LoopbackServer.start(
            req -> {
              int i = Math.min(scrapes.getAndIncrement(), SERIES.length - 1);
              req.response()
                  .putHeader("Content-Type", "text/plain; version=0.0.4")
                  .end("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes " + SERIES[i] + "\n");
            })) {
      TargetMemorySampler sampler =
          TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"), "process_resident_memory_bytes",
              Duration.ofMillis(20));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scrapes.get() >= 6);
      TargetMemory m = sampler.stop();
      int n = scrapes.get();
      long[] seen = java.util.Arrays.copyOf(SERIES, Math.min(n, SERIES.length));
      long last = SERIES[Math.min(n, SERIES.length) - 1];
      assertEquals(1_000, m.beforeBytes());
      assertEquals(last, m.afterBytes());
      assertEquals(java.util.Arrays.stream(seen).max().orElseThrow(), m.peakBytes());
      assertEquals(9_000, m.peakBytes());
      assertEquals(last - 1_000, m.deltaBytes());
      assertEquals(n, m.samples(), "every scrape the server answered is a sample");
      assertEquals(0, m.failedSamples());
      assertNull(m.notMeasured());
      assertEquals("process_resident_memory_bytes", m.series());
    }
  }

  @Test
  void labelledSeriesAreSummedAndOpenMetricsIsRead() throws Exception {
    String body =
        "# TYPE jvm_memory_used_bytes gauge\n"
            + "jvm_memory_used_bytes{area=\"heap\",id=\"eden\"} 100\n"
            + "jvm_memory_used_bytes{area=\"heap\",id=\"old\"} 250\n"
            + "jvm_memory_used_bytes{area=\"nonheap\",id=\"meta\"} 9999\n"
            + "# EOF\n";
    try (LoopbackServer server =
        LoopbackServer.start(
            req -> req.response().putHeader("Content-Type", "application/openmetrics-text; version=1.0.0").end(body))) {
      TargetMemory m =
          TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/m"), "jvm_memory_used_bytes{area=\"heap\"}",
              Duration.ofSeconds(10)).stop();
      assertEquals(350, m.beforeBytes());
      assertEquals(350, m.afterBytes());
      assertEquals(0, m.deltaBytes());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          garbage                   | 200 | this is not metrics                                          | line 1:
          missing series            | 200 | other_metric 5\\n                                            | series process_resident_memory_bytes not found
          NaN value                 | 200 | process_resident_memory_bytes NaN\\n                         | non-finite value NaN
          value with letters        | 200 | process_resident_memory_bytes 12abc\\n                       | line 1:
          unterminated labels       | 200 | process_resident_memory_bytes{a=\\"1 5\\n                     | line 1:
          bad escape                | 200 | process_resident_memory_bytes{a=\\"\\\\q\\"} 5\\n             | line 1:
          duplicate label           | 200 | process_resident_memory_bytes{a=\\"1\\",a=\\"2\\"} 5\\n       | line 1:
          CRLF line endings         | 200 | process_resident_memory_bytes 5\\r\\n                        | line 1:
          negative memory           | 200 | process_resident_memory_bytes -5\\n                          | is negative
          server error              | 500 | process_resident_memory_bytes 5\\n                           | answered status 500
          empty body                | 200 | (empty)                                                      | answered an empty body
          truncated last line       | 200 | process_resident_memory_bytes 5                              | line 1:
          """)
  void malformedMetricsAreNotMeasuredWithAReason(String name, int status, String body, String reason) throws Exception {
    String text = body.equals("(empty)") ? "" : body.replace("\\n", "\n").replace("\\r", "\r").replace("\\\"", "\"").replace("\\\\", "\\");
    try (LoopbackServer server = LoopbackServer.start(req -> req.response().setStatusCode(status).end(text))) {
      TargetMemory m =
          TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"), "process_resident_memory_bytes",
              Duration.ofSeconds(10)).stop();
      assertNull(m.beforeBytes(), name);
      assertNull(m.afterBytes(), name);
      assertNull(m.peakBytes(), name);
      assertEquals(0, m.samples());
      assertEquals(2, m.failedSamples());
      assertNotNull(m.notMeasured(), name);
      assertTrue(m.notMeasured().startsWith("not measured: "), m.notMeasured());
      assertTrue(m.notMeasured().contains(reason == null ? "" : reason.trim()), name + ": " + m.notMeasured());
    }
  }

  @Test
  void unreachableMetricsEndpointIsNotMeasured() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    TargetMemory m =
        TargetMemorySampler.start(vertx, URI.create("http://127.0.0.1:" + port + "/metrics"), "process_resident_memory_bytes",
            Duration.ofSeconds(10)).stop();
    assertNull(m.beforeBytes());
    assertTrue(m.notMeasured().contains("unreachable"), m.notMeasured());
  }

  @Test
  void aReadingLostMidwayLeavesTheOthersAndSaysWhich() throws Exception {
    AtomicInteger scrapes = new AtomicInteger();
    try (LoopbackServer server =
        LoopbackServer.start(
            req -> {
              if (scrapes.incrementAndGet() == 1) {
                req.response().end("process_resident_memory_bytes 700\n");
              } else {
                req.response().setStatusCode(503).end();
              }
            })) {
      TargetMemory m =
          TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"), "process_resident_memory_bytes",
              Duration.ofSeconds(10)).stop();
      assertEquals(700, m.beforeBytes());
      assertNull(m.afterBytes());
      assertNull(m.deltaBytes());
      assertEquals(700, m.peakBytes());
      assertTrue(m.notMeasured().startsWith("after not measured:"), m.notMeasured());
    }
  }

  /**
   * A metrics URL that redirects elsewhere (another port here; another host in the attack this
   * stops) is a failed reading: the other server is never asked, and nothing it says reaches the
   * passport.
   */
  @Test
  void aRedirectIsAFailedReadingAndIsNotFollowed() throws Exception {
    try (LoopbackServer secret = LoopbackServer.start(LoopbackServer.respond(200, "password=hunter2 1\n"));
        LoopbackServer redirecting = LoopbackServer.start(req -> req.response().setStatusCode(302)
            .putHeader("Location", secret.baseUrl() + "/secret").end())) {
      TargetMemory m = TargetMemorySampler.start(vertx, URI.create(redirecting.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofMillis(20)).stop();
      assertNull(m.beforeBytes());
      assertNull(m.peakBytes());
      assertEquals(0, m.samples());
      assertEquals(0, secret.requests(), "the redirect's target was never asked");
      assertTrue(m.notMeasured().contains("answered status 302 (a redirect"), m.notMeasured());
      assertFalse(m.notMeasured().contains("hunter2"), m.notMeasured());
    }
  }

  /** 100 MB, and a body without end: each reading stops at the cap, and stop() returns in time. */
  @ParameterizedTest(name = "body of {0} bytes")
  @CsvSource({"104857600", "-1"})
  void aHugeOrEndlessBodyIsCutAtTheCap(long size) throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.streamedBody(size))) {
      long started = System.nanoTime();
      TargetMemorySampler sampler = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofMillis(20));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.requests() >= 3);
      TargetMemory m = sampler.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(0, m.samples());
      assertTrue(m.failedSamples() >= 3, "every reading failed: " + m.failedSamples());
      assertTrue(m.notMeasured().contains("answered more than " + TargetMemorySampler.MAX_BODY_BYTES + " bytes"),
          m.notMeasured());
      assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "took " + took);
    }
  }

  @Test
  void aBodyAnnouncedLargerThanTheCapIsNotRead() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(req -> req.response()
        .putHeader("Content-Length", Long.toString(1L << 30)).write("process_resident_memory_bytes 1\n"))) {
      TargetMemory m = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofSeconds(10)).stop();
      assertNull(m.beforeBytes());
      assertTrue(m.notMeasured().contains("announced 1073741824 bytes"), m.notMeasured());
    }
  }

  /**
   * A drip of one byte every 50 ms would renew an idle timeout forever; the deadline is for the
   * whole exchange. Meanwhile periodic readings never overlap: the server sees one at a time.
   */
  @Test
  void aSlowDripMeetsTheDeadlineAndReadingsNeverOverlap() throws Exception {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger mostOpen = new AtomicInteger();
    try (LoopbackServer server = LoopbackServer.start(req -> {
      mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      io.vertx.core.http.HttpServerResponse response = req.response().setChunked(true);
      long timer = Vertx.currentContext().owner().setPeriodic(50, t -> {
        if (!response.closed()) {
          response.write("#");
        }
      });
      response.closeHandler(v -> {
        open.decrementAndGet();
        Vertx.currentContext().owner().cancelTimer(timer);
      });
    })) {
      long started = System.nanoTime();
      TargetMemorySampler sampler = TargetMemorySampler.start(vertx, URI.create(server.baseUrl() + "/metrics"),
          "process_resident_memory_bytes", Duration.ofMillis(20));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.requests() >= 2);
      TargetMemory m = sampler.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(0, m.samples());
      assertTrue(m.notMeasured().contains("did not answer within 2000 ms"), m.notMeasured());
      assertEquals(1, mostOpen.get(), "one reading at a time");
      assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "took " + took);
    }
  }

  @Test
  void reasonsQuotingTheEndpointAreShortAndPrintable() {
    String hostile = "x\u0000\u001b[31m" + "y".repeat(10_000);
    String shown = TargetMemorySampler.excerpt(hostile);
    assertTrue(shown.length() <= TargetMemorySampler.MAX_REASON_CHARS + 1, shown);
    assertTrue(shown.chars().allMatch(c -> (c >= 0x20 && c < 0x7f) || c == '…'), shown);
  }
}
