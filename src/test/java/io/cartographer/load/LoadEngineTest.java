package io.cartographer.load;

import io.cartographer.testing.TestVariants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.Determinism;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import io.cartographer.testing.LoopbackServer;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The closed model against real servers on 127.0.0.1; every run is bounded in count and time. */
class LoadEngineTest {

  private static Vertx vertx;
  private static LoadEngine engine;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    engine = new LoadEngine(vertx);
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Variant variant(String pathAndQuery, int concurrency, long requests, int warmup, Duration timeout) {
    return variant("GET", pathAndQuery, Map.of(), null, 200, closed(concurrency, requests, null, warmup, timeout, 1L << 20));
  }

  static Variant variant(
      String method, String path, Map<String, String> headers, String body, int status, LoadSettings load) {
    return TestVariants.variant().request(method, path).headers(headers).body(body).expectedStatus(status).load(load)
        .build();
  }

  static LoadSettings closed(int concurrency, Long requests, Duration duration, int warmup, Duration timeout, long maxBody) {
    return TestVariants.closed(concurrency, requests, duration, warmup, timeout, maxBody);
  }

  private static VariantResult run(URI baseUrl, Variant variant) throws Exception {
    return engine.run(baseUrl, variant, new LiveCounters()).toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void closedModelRecordsExactlyTheRequestedCountWithWarmupExcluded() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      LiveCounters live = new LiveCounters();
      VariantResult r =
          engine.run(server.baseUrl(), variant("/x", 8, 500, 50, Duration.ofSeconds(5)), live)
              .toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
      assertEquals(500, r.requests());
      assertEquals(500, r.succeeded());
      assertEquals(50, r.warmupRequests());
      assertEquals(500, r.latency().count(), "one latency per recorded request, none for warm-up");
      assertEquals(550, server.requests(), "the server saw warm-up plus recorded requests");
      assertEquals(500, live.completed(), "progress counts recorded requests only");
      assertEquals(500L * 2, r.bytesReceived());
      assertEquals(Map.of(200, 500L), r.statusCounts());
    }
  }

  @Test
  void poolIsSizedToTheConcurrencyNotTheVertxDefaultOfFive() throws Exception {
    try (LoopbackServer server =
        LoopbackServer.start(
            req -> Vertx.currentContext().owner().setTimer(5, t -> req.response().end("slow")))) {
      VariantResult r = run(server.baseUrl(), variant("/", 16, 160, 0, Duration.ofSeconds(5)));
      assertEquals(160, r.succeeded());
      assertEquals(16, server.connections(), "16 lanes keep 16 connections busy");
    }
  }

  @Test
  void durationBoundRunStopsAtItsDeadline() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, "ok"))) {
      Variant v = variant("GET", "/", Map.of(), null, 200,
          closed(2, null, Duration.ofMillis(300), 0, Duration.ofSeconds(2), 1024));
      VariantResult r = run(server.baseUrl(), v);
      assertTrue(r.requests() > 0);
      assertTrue(r.measuredSeconds() >= 0.3 && r.measuredSeconds() < 5, "measured " + r.measuredSeconds());
      assertEquals(r.requests(), server.requests());
    }
  }

  @Test
  void unexpectedStatusIsAnErrorAndNeverALatency() throws Exception {
    AtomicLong n = new AtomicLong();
    try (LoopbackServer server =
        LoopbackServer.start(req -> req.response().setStatusCode(n.incrementAndGet() % 4 == 0 ? 500 : 200).end())) {
      VariantResult r = run(server.baseUrl(), variant("/", 1, 400, 0, Duration.ofSeconds(5)));
      assertEquals(400, r.requests());
      assertEquals(100, r.errors().get(ErrorKind.STATUS));
      assertEquals(300, r.succeeded());
      assertEquals(300, r.latency().count());
      assertEquals(0.25, r.errorRate());
      assertEquals(Map.of(200, 300L, 500, 100L), r.statusCounts());
      assertEquals("status 500 (expected 200)", r.errorSamples().get(ErrorKind.STATUS));
    }
  }

  @Test
  void serverThatNeverAnswersCostsTimeouts() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(req -> {})) {
      VariantResult r = run(server.baseUrl(), variant("/", 2, 4, 0, Duration.ofMillis(150)));
      assertEquals(4, r.requests());
      assertEquals(4, r.errors().get(ErrorKind.TIMEOUT));
      assertEquals(0, r.latency().count());
    }
  }

  @Test
  void aConnectionsDeadlineTimesEachRequestFromWhenItWentNotFromTheFirst() throws Exception {
    // 6 answers of 300 ms each on one kept-alive connection, with a 1 s timeout: the connection's
    // timer, armed by the first request, fires while the fourth is in flight and must re-arm for
    // what is left of that one's second rather than time it out.
    try (LoopbackServer server = LoopbackServer.start(
        req -> Vertx.currentContext().owner().setTimer(300, id -> req.response().end("slow but in time")))) {
      VariantResult r = run(server.baseUrl(), variant("/", 1, 6, 0, Duration.ofSeconds(1)));
      assertEquals(6, r.succeeded(), () -> r.errors() + " " + r.errorSamples());
      assertEquals(1, server.connections(), "one connection carried them all");
    }
  }

  @Test
  void aStallAfterFastAnswersOnTheSameConnectionIsATimeout() throws Exception {
    AtomicLong n = new AtomicLong();
    try (LoopbackServer server = LoopbackServer.start(req -> {
      if (n.incrementAndGet() <= 50) {
        req.response().end("fast");
      } // the 51st is never answered
    })) {
      VariantResult r = run(server.baseUrl(), variant("/", 1, 51, 0, Duration.ofMillis(300)));
      assertEquals(50, r.succeeded(), () -> r.errors() + " " + r.errorSamples());
      assertEquals(1, r.errors().get(ErrorKind.TIMEOUT));
      assertEquals("no complete response within 300 ms", r.errorSamples().get(ErrorKind.TIMEOUT));
    }
  }

  @Test
  void headersThenStalledBodyIsATimeout() throws Exception {
    try (LoopbackServer server =
        LoopbackServer.start(req -> req.response().setChunked(true).write("partial"))) {
      VariantResult r = run(server.baseUrl(), variant("/", 1, 2, 0, Duration.ofMillis(150)));
      assertEquals(2, r.errors().get(ErrorKind.TIMEOUT));
    }
  }

  @Test
  void connectionClosedByTheServerIsAReset() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(req -> req.connection().close())) {
      VariantResult r = run(server.baseUrl(), variant("/", 2, 6, 0, Duration.ofSeconds(5)));
      assertEquals(6, r.errors().get(ErrorKind.RESET), () -> r.errors() + " " + r.errorSamples());
    }
  }

  @Test
  void refusedConnectionIsAConnectError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    VariantResult r = run(URI.create("http://127.0.0.1:" + port), variant("/", 2, 10, 2, Duration.ofSeconds(2)));
    assertEquals(10, r.requests());
    assertEquals(10, r.errors().get(ErrorKind.CONNECT), () -> r.errors() + " " + r.errorSamples());
    assertTrue(r.errorSamples().get(ErrorKind.CONNECT).contains("Connection refused"), r.errorSamples().toString());
    assertEquals(0, r.latency().count());
  }

  @Test
  void bodyLargerThanMaxBodyIsABodyErrorAndIsNotBuffered() throws Exception {
    String big = "x".repeat(64 * 1024);
    try (LoopbackServer server = LoopbackServer.start(LoopbackServer.respond(200, big))) {
      Variant v = variant("GET", "/", Map.of(), null, 200,
          closed(1, 3L, null, 0, Duration.ofSeconds(5), 1024));
      VariantResult r = run(server.baseUrl(), v);
      assertEquals(3, r.errors().get(ErrorKind.BODY));
      assertTrue(r.bytesReceived() < 3L * big.length(), "reading stops past max-body");
    }
  }

  @Test
  void methodHeadersAndBodyAreSentAsPlanned() throws Exception {
    try (LoopbackServer server =
        LoopbackServer.start(
            req -> req.body().onSuccess(b -> {
              boolean ok = req.method().name().equals("POST")
                  && "yes".equals(req.getHeader("X-Probe"))
                  && b.toString().equals("{\"a\":1}")
                  && req.uri().equals("/items?limit=2");
              req.response().setStatusCode(ok ? 201 : 400).end();
            }))) {
      Variant v = variant("POST", "/items?limit=2", Map.of("X-Probe", "yes"), "{\"a\":1}", 201,
          closed(2, 20L, null, 0, Duration.ofSeconds(5), 1024));
      VariantResult r = run(server.baseUrl(), v);
      assertEquals(20, r.succeeded(), () -> r.errors() + " " + r.statusCounts());
    }
  }
}
