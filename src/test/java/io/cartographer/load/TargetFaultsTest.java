package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.memory.ProbeMemoryReader;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetMemory;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportAssembler;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PassportSchema;
import io.cartographer.verdict.ThresholdJudge;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target that misbehaves, on loopback servers of this test's own: each run completes, counts
 * its errors by kind, and yields a complete passport that validates against the schema; the
 * probe's heap stays bounded. Every run is bounded in requests and time.
 */
class TargetFaultsTest {

  private static Vertx vertx;
  private static LoadEngine engine;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    engine = new LoadEngine(vertx);
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A run of a one-variant plan: the result, and its passport checked against the schema. */
  private record Outcome(VariantResult result, JsonNode passport) {}

  private static Outcome run(URI baseUrl, String load) throws Exception {
    Plan plan = new PlanLoader().parse("""
        name: faults
        target: {base-url: '%s'}
        defaults: {load: %s, thresholds: {max-error-rate: 0}, determinism: {check: false}}
        endpoints:
          - name: e
            path: /
            variants: [{name: v}]
        """.formatted(baseUrl, load), "faults", false, null);
    VariantResult result = engine.run(plan.baseUrl(), plan.variants().get(0), new LiveCounters())
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    TargetMemory memory = TargetMemory.notMeasured("no metrics in this test");
    ProbeResources probe = new ProbeResources(
        ProbeMemoryReader.read(), ProbeMemoryReader.read(), null, null, 0, 0, 0, false, "not watched in this test", null, null);
    Instant now = Instant.now();
    Passport passport = PassportAssembler.assemble(
        plan,
        new PassportAssembler.RunFacts(PassportId.of(now, "0000fa17"), "0000fa17", "cli", "test", "test", now, now),
        List.of(new VariantOutcome(result, ThresholdJudge.judge(result, memory), probe, memory)));
    JsonNode json = PassportSchema.assertValid(PassportJson.write(passport));
    assertEquals(result.requests(), json.at("/test_results/0/requests").asLong());
    return new Outcome(result, json);
  }

  @Test
  void aTargetThatDiesMidRunCostsConnectionErrorsAndTheRunCompletes() throws Exception {
    AtomicLong served = new AtomicLong();
    Vertx targetVertx = Vertx.vertx();
    io.vertx.core.http.HttpServer[] server = new io.vertx.core.http.HttpServer[1];
    server[0] = targetVertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(req -> {
          req.response().end("ok");
          if (served.incrementAndGet() == 100) {
            server[0].close(); // stops listening and closes every connection: the target died
          }
        });
    server[0].listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      Outcome o = run(URI.create("http://127.0.0.1:" + server[0].actualPort()),
          "{concurrency: 4, requests: 400, warmup: 0, timeout: 2s}");
      VariantResult r = o.result();
      assertEquals(400, r.requests());
      // Closing is asynchronous: a request on another event loop may still be served, or one
      // already answered may be cut off with its connection.
      assertTrue(r.succeeded() >= 90 && r.succeeded() <= 110, "served before it died: " + r.succeeded());
      long lost = r.errors().get(ErrorKind.CONNECT) + r.errors().get(ErrorKind.RESET);
      assertEquals(400 - r.succeeded(), lost, r.errors() + " " + r.errorSamples());
      assertEquals("fail", o.passport().at("/test_results/0/verdict").asText());
    } finally {
      targetVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFiveHundredStormIsCountedAsStatusErrorsWithTheirCodes() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(req ->
        req.response().setStatusCode(503).putHeader("Retry-After", "1").end("busy"))) {
      Outcome o = run(server.baseUrl(), "{concurrency: 8, requests: 800, warmup: 0, timeout: 2s}");
      assertEquals(800, o.result().errors().get(ErrorKind.STATUS));
      assertEquals(800, o.passport().at("/test_results/0/status_counts/503").asLong());
      assertEquals(1.0, o.passport().at("/test_results/0/error_rate").asDouble());
      assertTrue(o.passport().at("/test_results/0/latency_ms").isNull(), "no latency from failures, never 0");
      assertEquals("no successful request to measure",
          o.passport().at("/test_results/0/not_measured/latency_ms").asText());
    }
  }

  @Test
  void anEndlessBodyIsCutAtMaxBodyAndTheHeapStaysBounded() throws Exception {
    Buffer megabyte = Buffer.buffer(new byte[1 << 20]);
    try (LoopbackServer server = LoopbackServer.start(req -> {
      var response = req.response().setChunked(true);
      Consumer<Void>[] pump = new Consumer[1];
      pump[0] = v -> {
        while (!response.writeQueueFull() && !response.closed()) {
          response.write(megabyte);
        }
        if (!response.closed()) {
          response.drainHandler(x -> pump[0].accept(null));
        }
      };
      pump[0].accept(null);
    })) {
      long heapBefore = heapAfterGc();
      Outcome o = run(server.baseUrl(), "{concurrency: 4, requests: 40, warmup: 0, timeout: 10s, max-body: 1MiB}");
      long heapAfter = heapAfterGc();
      VariantResult r = o.result();
      assertEquals(40, r.errors().get(ErrorKind.BODY), r.errors() + " " + r.errorSamples());
      assertTrue(r.bytesReceived() <= 40L * ((1 << 20) + (1 << 20)),
          "read at most max-body and one chunk more per request: " + r.bytesReceived());
      assertTrue(heapAfter - heapBefore < 64L << 20,
          "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MiB after 40 endless bodies");
      assertTrue(o.passport().at("/test_results/0/error_samples/body").asText().contains("max-body"));
    }
  }

  @Test
  void aHundredMegabyteBodyWithinALargerMaxBodyIsReadButNotBuffered() throws Exception {
    Buffer megabyte = Buffer.buffer(new byte[1 << 20]);
    try (LoopbackServer server = LoopbackServer.start(req -> {
      var response = req.response().putHeader("Content-Length", String.valueOf(100L << 20));
      int[] sent = {0};
      Consumer<Void>[] pump = new Consumer[1];
      pump[0] = v -> {
        while (!response.writeQueueFull() && sent[0] < 100) {
          sent[0]++;
          if (sent[0] == 100) {
            response.end(megabyte);
            return;
          }
          response.write(megabyte);
        }
        response.drainHandler(x -> pump[0].accept(null));
      };
      pump[0].accept(null);
    })) {
      long heapBefore = heapAfterGc();
      Outcome o = run(server.baseUrl(), "{concurrency: 2, requests: 4, warmup: 0, timeout: 30s, max-body: 200MiB, rounds: 1}");
      long heapAfter = heapAfterGc();
      assertEquals(4, o.result().succeeded(), o.result().errors() + " " + o.result().errorSamples());
      assertEquals(4L * (100L << 20), o.result().bytesReceived());
      assertTrue(heapAfter - heapBefore < 64L << 20,
          "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MiB after 400 MB of bodies");
    }
  }

  /** Raw answers no HTTP/1.1 client should accept, each from a TCP server of its own. */
  @ParameterizedTest
  @ValueSource(strings = {
      "garbage\r\n\r\n",
      "HTTP/1.1 abc OK\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n",
  })
  void malformedHttpIsAnErrorOfItsOwnAndNeverAHang(String answer) throws Exception {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
        .connectHandler(socket -> socket.handler(request -> {
          socket.write(answer);
          socket.end();
        }));
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      Outcome o = run(URI.create("http://127.0.0.1:" + server.actualPort()),
          "{concurrency: 2, requests: 10, warmup: 0, timeout: 2s}");
      VariantResult r = o.result();
      assertEquals(10, r.requests());
      assertEquals(10, r.failed(), () -> "all ten fail: " + r.errors() + " " + r.errorSamples());
      assertEquals(0, r.errors().get(ErrorKind.TIMEOUT), () -> "no hang: " + r.errors() + " " + r.errorSamples());
      assertTrue(o.passport().at("/test_results/0/error_samples").size() > 0);
    } finally {
      server.close();
    }
  }

  @Test
  void aHostNameThatDoesNotResolveIsAConnectErrorNamingTheHost() throws Exception {
    Outcome o = run(URI.create("http://cartographer-test-no-such-host.invalid:8080"),
        "{concurrency: 2, requests: 6, warmup: 0, timeout: 3s}");
    VariantResult r = o.result();
    assertEquals(6, r.errors().get(ErrorKind.CONNECT), () -> r.errors() + " " + r.errorSamples());
    assertTrue(r.errorSamples().get(ErrorKind.CONNECT).contains("cartographer-test-no-such-host.invalid"),
        r.errorSamples().toString());
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
    }
    return least;
  }
}
