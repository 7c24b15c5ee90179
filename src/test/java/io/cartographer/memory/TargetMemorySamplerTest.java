package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
