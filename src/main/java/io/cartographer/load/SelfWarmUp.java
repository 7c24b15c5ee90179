package io.cartographer.load;

import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Compiles the probe's own request path before anything is measured. A JVM runs new code in its
 * interpreter until the JIT has compiled it, and the first variant of a process paid for that: at
 * 20,000 requests/s its first second sent 1,900 to 2,300 requests late (p99 of that second 39 to
 * 52 ms); after this warm-up, 109 to 170 (p99 about 3 ms), as a later variant does
 * (BENCHMARKS.md). So before the first variant the engine loads a server of its own on 127.0.0.1
 * through the same transport, loops, parser and recorders a variant uses, closed model then open
 * model. None of it is counted or reported, and the target sees none of it. Once per process:
 * what the JIT compiled stays.
 */
final class SelfWarmUp {

  private static final Logger LOG = Logger.getLogger(SelfWarmUp.class);
  private static final String BODY = "{\"warm\":\"" + "x".repeat(180) + "\"}";
  /** Three of every four answers carry a length, the fourth is chunked: both parser paths run. */
  private static final List<Buffer> ANSWERS = List.of(
      sized(), sized(), sized(),
      Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n"));

  /** The longest a run waits for the warm-up, even one whose event loops never answer. */
  static final long WAIT_SECONDS = 30;

  private static java.util.concurrent.CompletableFuture<Void> done;

  private SelfWarmUp() {}

  private static Buffer sized() {
    return Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length()
        + "\r\n\r\n" + BODY);
  }

  /**
   * The warm-up of this process: started by the first call, with {@code requests} requests (half
   * closed model, half open), and the same future for every later call. Never fails, and completes
   * within {@link #WAIT_SECONDS}: a warm-up that cannot run or does not end is logged and given up,
   * and the variants run cold as they would have.
   */
  static synchronized java.util.concurrent.CompletableFuture<Void> once(Vertx vertx, LoadEngine engine, long requests) {
    if (done == null) {
      done = requests <= 0
          ? java.util.concurrent.CompletableFuture.completedFuture(null)
          : bounded(quietly(run(vertx, engine, requests)), WAIT_SECONDS);
    }
    return done;
  }

  /** {@code warmUp}, or its end after {@code seconds} (by the JDK's clock, not an event loop's). */
  static java.util.concurrent.CompletableFuture<Void> bounded(Future<Void> warmUp, long seconds) {
    return warmUp.toCompletionStage().toCompletableFuture()
        .orTimeout(seconds, java.util.concurrent.TimeUnit.SECONDS)
        .exceptionally(timedOut -> {
          LOG.warnf("the probe's warm-up did not end within %d s; the first variant runs with its code cold", seconds);
          return null;
        });
  }

  /** A warm-up's end, logged; one that failed is only logged, and the variants run cold. */
  static Future<Void> quietly(Future<Done> warmUp) {
    return warmUp.transform(outcome -> {
      if (outcome.failed()) {
        LOG.warnf("the probe's warm-up on loopback failed (%s); the first variant runs with its code cold",
            outcome.cause().toString());
      } else {
        Done d = outcome.result();
        LOG.debugf("probe warmed up: %d requests to itself in %d ms, %d failed", d.answered(), d.millis(), d.failed());
      }
      return Future.succeededFuture();
    });
  }

  /** What a warm-up did: requests its server answered, requests that failed, and its time. */
  record Done(long answered, long failed, long millis) {}

  /** One warm-up of {@code requests} requests, whatever ran before; its server is closed after. */
  static Future<Done> run(Vertx vertx, LoadEngine engine, long requests) {
    long started = System.nanoTime();
    AtomicLong answered = new AtomicLong();
    NetServer server =
        vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    server.connectHandler(socket -> answer(socket, answered));
    return server
        .listen()
        .compose(listening -> {
          URI self = URI.create("http://127.0.0.1:" + listening.actualPort());
          Future<Long> failed = Future.succeededFuture(0L);
          for (Variant variant : variants(listening.actualPort(), requests)) {
            failed = failed.compose(sum -> Future.fromCompletionStage(engine.run(self, variant, new LiveCounters()))
                .map(result -> sum + result.failed()));
          }
          return failed;
        })
        .eventually(() -> server.close())
        .map(failed -> new Done(answered.get(), failed, (System.nanoTime() - started) / 1_000_000));
  }

  /** The warm-up's plan: its own server, a closed-model variant and an open-model one. */
  static List<Variant> variants(int port, long requests) {
    long closed = Math.max(1, requests / 2);
    long openMillis = Math.max(1, (requests - closed) * 1000 / 20_000);
    String text = "{\"name\":\"self-warm-up\",\"target\":{\"base-url\":\"http://127.0.0.1:" + port + "\"},"
        + "\"endpoints\":[{\"name\":\"self\",\"path\":\"/warm-up\",\"variants\":["
        + "{\"name\":\"closed\",\"load\":{\"concurrency\":8,\"requests\":" + closed + ",\"warmup\":0,\"timeout\":\"5s\"}},"
        + "{\"name\":\"open\",\"load\":{\"model\":\"open\",\"rate\":\"20000/s\",\"duration\":\"" + openMillis
        + "ms\",\"max-connections\":16,\"warmup\":0,\"timeout\":\"5s\"}}]}]}";
    try {
      Plan plan = new PlanLoader().parse(text, "self-warm-up", true, null);
      return plan.variants();
    } catch (InvalidPlanException e) {
      throw new IllegalStateException("the warm-up's own plan is invalid: " + e.getMessage(), e);
    }
  }

  /** Answers every request on the connection (each ends at its blank line; they carry no body). */
  private static void answer(NetSocket socket, AtomicLong answered) {
    int[] matched = {0};
    int[] next = {0};
    socket.handler(data -> {
      for (int i = 0; i < data.length(); i++) {
        byte b = data.getByte(i);
        int m = matched[0];
        matched[0] = b == (m % 2 == 0 ? '\r' : '\n') ? m + 1 : (b == '\r' ? 1 : 0);
        if (matched[0] == 4) {
          matched[0] = 0;
          socket.write(ANSWERS.get(next[0]++ & 3));
          answered.incrementAndGet(); // connections are answered on several event loops
        }
      }
    });
  }
}
