package io.cartographer.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed load model: {@code lanes} connections, each sending its next request as soon as the
 * previous one completes, until a request budget is spent or a deadline passes.
 *
 * <p>Each lane lives on one event-loop context and all of its callbacks run there, so a lane and
 * its recording {@link Shard} need no locks; lanes are spread round-robin over a few contexts so
 * that every event loop carries load. The only shared state is the request budget (one atomic
 * decrement per request) and the count of lanes still running. Latency runs from the moment a
 * request is handed to the client until its body is complete; a request that fails is counted by
 * kind and never recorded as a latency. A per-request timer on the lane's own context enforces the
 * timeout, so a stalled server costs a timeout error, never a stuck run.
 */
final class ClosedLoop {

  private final VertxInternal vertx;
  private final HttpClient client;
  private final RequestOptions request;
  private final Buffer body;
  private final int expectedStatus;
  private final long timeoutMillis;
  private final long maxBodyBytes;

  ClosedLoop(
      VertxInternal vertx,
      HttpClient client,
      RequestOptions request,
      Buffer body,
      int expectedStatus,
      long timeoutMillis,
      long maxBodyBytes) {
    this.vertx = vertx;
    this.client = client;
    this.request = request;
    this.body = body;
    this.expectedStatus = expectedStatus;
    this.timeoutMillis = timeoutMillis;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Runs one phase.
   *
   * @param budget requests to send, or {@code -1} to send until {@code deadlineNanos}
   * @param live counts completions for progress reports, or {@code null} (warm-up)
   */
  Future<Phase> run(int concurrency, long budget, long deadlineNanos, LiveCounters live) {
    int lanes = budget < 0 ? concurrency : (int) Math.min(concurrency, budget);
    Phase phase = new Phase(budget, deadlineNanos, lanes, live);
    if (lanes == 0) {
      phase.done.complete(phase);
      return phase.done.future();
    }
    int contexts = Math.min(lanes, 2 * Runtime.getRuntime().availableProcessors());
    List<Context> loops = new ArrayList<>(contexts);
    for (int i = 0; i < contexts; i++) {
      loops.add(vertx.createEventLoopContext());
      phase.shards.add(new Shard());
    }
    for (int i = 0; i < lanes; i++) {
      Lane lane = new Lane(phase, phase.shards.get(i % contexts));
      loops.get(i % contexts).runOnContext(v -> lane.next());
    }
    return phase.done.future();
  }

  /** Shared control of one phase, and its outcome once {@link #done} completes. */
  static final class Phase {
    final List<Shard> shards = new ArrayList<>();
    final long startNanos = System.nanoTime();
    private final AtomicLong remaining;
    private final long deadlineNanos;
    private final AtomicInteger lanesRunning;
    private final LiveCounters live;
    private final Promise<Phase> done = Promise.promise();
    private volatile long endNanos;

    private Phase(long budget, long deadlineNanos, int lanes, LiveCounters live) {
      this.remaining = budget < 0 ? null : new AtomicLong(budget);
      this.deadlineNanos = deadlineNanos;
      this.lanesRunning = new AtomicInteger(lanes);
      this.live = live;
    }

    private boolean mayStartAnother() {
      return remaining == null
          ? System.nanoTime() - deadlineNanos < 0
          : remaining.getAndDecrement() > 0;
    }

    private void laneFinished() {
      if (lanesRunning.decrementAndGet() == 0) {
        endNanos = System.nanoTime();
        done.complete(this);
      }
    }

    double seconds() {
      return Math.max(0, endNanos - startNanos) / 1e9;
    }
  }

  /** One connection's worth of back-to-back requests. */
  private final class Lane {
    private final Phase phase;
    private final Shard shard;

    Lane(Phase phase, Shard shard) {
      this.phase = phase;
      this.shard = shard;
    }

    void next() {
      if (phase.mayStartAnother()) {
        new Exchange(this).start();
      } else {
        phase.laneFinished();
      }
    }

    void completed(Exchange exchange, ErrorKind error, String detail) {
      long micros = (System.nanoTime() - exchange.startNanos) / 1000;
      if (error == null) {
        shard.success(micros, exchange.bodyBytes, exchange.status);
      } else {
        shard.failure(error, detail, exchange.bodyBytes, exchange.status);
      }
      if (phase.live != null) {
        phase.live.record(error == null);
      }
      next();
    }
  }

  /** One request and its response; every callback runs on its lane's context. */
  private final class Exchange {
    private final Lane lane;
    private final long startNanos = System.nanoTime();
    private long timerId = -1;
    private boolean finished;
    private HttpClientRequest sent;
    private long bodyBytes;
    private int status;

    Exchange(Lane lane) {
      this.lane = lane;
    }

    void start() {
      timerId = vertx.setTimer(timeoutMillis, id -> onTimeout());
      client.request(request, this::onConnection);
    }

    private void onConnection(AsyncResult<HttpClientRequest> ar) {
      if (finished) {
        if (ar.succeeded()) {
          ar.result().reset();
        }
        return;
      }
      if (ar.failed()) {
        finish(ErrorClassifier.onConnect(ar.cause()), ErrorClassifier.describe(ar.cause()));
        return;
      }
      sent = ar.result();
      if (body == null) {
        sent.send(this::onResponse);
      } else {
        sent.send(body, this::onResponse);
      }
    }

    private void onResponse(AsyncResult<HttpClientResponse> ar) {
      if (finished) {
        return;
      }
      if (ar.failed()) {
        finish(ErrorClassifier.classify(ar.cause()), ErrorClassifier.describe(ar.cause()));
        return;
      }
      HttpClientResponse response = ar.result();
      status = response.statusCode();
      response.handler(this::onChunk);
      response.exceptionHandler(
          t -> finish(ErrorClassifier.classify(t), ErrorClassifier.describe(t)));
      response.endHandler(v -> onEnd());
    }

    private void onChunk(Buffer chunk) {
      if (finished) {
        return;
      }
      bodyBytes += chunk.length();
      if (bodyBytes > maxBodyBytes) {
        finish(ErrorKind.BODY, "body larger than max-body (" + maxBodyBytes + " bytes)");
        sent.reset();
      }
    }

    private void onEnd() {
      if (status == expectedStatus) {
        finish(null, null);
      } else {
        finish(ErrorKind.STATUS, "status " + status + " (expected " + expectedStatus + ")");
      }
    }

    private void onTimeout() {
      timerId = -1;
      if (finished) {
        return;
      }
      finish(ErrorKind.TIMEOUT, "no complete response within " + timeoutMillis + " ms");
      if (sent != null) {
        sent.reset();
      }
    }

    private void finish(ErrorKind error, String detail) {
      if (finished) {
        return;
      }
      finished = true;
      if (timerId >= 0) {
        vertx.cancelTimer(timerId);
      }
      lane.completed(this, error, detail);
    }
  }
}
