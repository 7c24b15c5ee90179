package io.cartographer.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 and a free port, with a handler the test chooses. It counts the
 * requests it received and the connections they came on.
 */
public final class LoopbackServer implements AutoCloseable {

  private final Vertx vertx;
  private final HttpServer server;
  private final java.util.List<HttpServer> extra = new java.util.ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final Set<String> connections = ConcurrentHashMap.newKeySet();

  private LoopbackServer(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    this.vertx = vertx;
    this.server =
        vertx
            .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setReusePort(true))
            .requestHandler(
                req -> {
                  requests.incrementAndGet();
                  connections.add(req.remoteAddress().toString());
                  handler.handle(req);
                })
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  /** Starts a server with its own Vert.x instance, closed with the server. */
  public static LoopbackServer start(Handler<HttpServerRequest> handler) throws Exception {
    return new LoopbackServer(Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)), handler);
  }

  /**
   * Starts a server whose connections are spread over {@code eventLoops} event loops, as a real
   * multi-core server would, so that bursts of requests are not served one after another.
   */
  public static LoopbackServer start(Handler<HttpServerRequest> handler, int eventLoops) throws Exception {
    LoopbackServer first = start(handler);
    for (int i = 1; i < eventLoops; i++) {
      java.util.concurrent.CompletableFuture<HttpServer> bound = new java.util.concurrent.CompletableFuture<>();
      ((io.vertx.core.impl.VertxInternal) first.vertx).createEventLoopContext().runOnContext(v ->
          first.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(first.port()).setReusePort(true))
              .requestHandler(req -> {
                first.requests.incrementAndGet();
                first.connections.add(req.remoteAddress().toString());
                handler.handle(req);
              })
              .listen()
              .onComplete(ar -> {
                if (ar.succeeded()) {
                  bound.complete(ar.result());
                } else {
                  bound.completeExceptionally(ar.cause());
                }
              }));
      first.extra.add(bound.get(10, TimeUnit.SECONDS));
    }
    return first;
  }

  public static Handler<HttpServerRequest> respond(int status, String body) {
    return req -> req.response().setStatusCode(status).end(body);
  }

  /**
   * Answers 200 with a chunked body of {@code total} bytes (negative: without end) of metric-like
   * lines, written as fast as the client reads them, so a test can see that the reader stops on its
   * own.
   */
  public static Handler<HttpServerRequest> streamedBody(long total) {
    io.vertx.core.buffer.Buffer chunk =
        io.vertx.core.buffer.Buffer.buffer("process_resident_memory_bytes 1\n".repeat(2048));
    return req -> {
      io.vertx.core.http.HttpServerResponse response = req.response().setChunked(true);
      long[] written = {0};
      Runnable[] pump = new Runnable[1];
      pump[0] = () -> {
        while (!response.writeQueueFull() && !response.closed() && (total < 0 || written[0] < total)) {
          response.write(chunk);
          written[0] += chunk.length();
        }
        if (response.closed()) {
          return;
        }
        if (total >= 0 && written[0] >= total) {
          response.end();
        } else {
          response.drainHandler(v -> pump[0].run());
        }
      };
      pump[0].run();
    };
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return server.actualPort();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public long requests() {
    return requests.get();
  }

  public int connections() {
    return connections.size();
  }

  @Override
  public void close() throws Exception {
    for (HttpServer s : extra) {
      s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
