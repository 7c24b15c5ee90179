package io.cartographer.load;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;

/**
 * Requests through the Vert.x HTTP client and its pool: the transport for HTTP/2 (h2c with prior
 * knowledge, or ALPN over TLS), where streams share connections.
 */
final class VertxHttpTransport implements Transport, Sender {

  private final HttpClient client;
  private final RequestOptions options;
  private final Buffer body;

  VertxHttpTransport(HttpClient client, RequestOptions options, Buffer body) {
    this.client = client;
    this.options = options;
    this.body = body;
  }

  /** One sender serves every lane: the client's pool decides the connection. */
  @Override
  public Sender newSender() {
    return this;
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  @Override
  public void send(Exchange exchange) {
    exchange.scheduleDeadline();
    int request = exchange.generation;
    client.request(options, ar -> onConnection(exchange, request, ar));
  }

  /**
   * Every callback first checks that its exchange still carries the request it was made for: a
   * late answer to a request that timed out must not land on the owner's next one.
   */
  private void onConnection(Exchange exchange, int request, AsyncResult<HttpClientRequest> ar) {
    if (!exchange.carries(request)) {
      if (ar.succeeded()) {
        ar.result().reset();
      }
      return;
    }
    if (ar.failed()) {
      exchange.fail(ErrorClassifier.onConnect(ar.cause()), ErrorClassifier.describe(ar.cause()));
      return;
    }
    HttpClientRequest httpRequest = ar.result();
    exchange.abortWith(httpRequest::reset);
    if (body == null) {
      httpRequest.send(response -> onResponse(exchange, request, response));
    } else {
      httpRequest.send(body, response -> onResponse(exchange, request, response));
    }
  }

  private static void onResponse(Exchange exchange, int request, AsyncResult<HttpClientResponse> ar) {
    if (!exchange.carries(request)) {
      return;
    }
    if (ar.failed()) {
      exchange.fail(ErrorClassifier.classify(ar.cause()), ErrorClassifier.describe(ar.cause()));
      return;
    }
    HttpClientResponse response = ar.result();
    exchange.headers(response.statusCode(), response.version());
    response.handler(chunk -> {
      if (exchange.carries(request)) {
        exchange.body(chunk.getByteBuf(), chunk.getByteBuf().readerIndex(), chunk.length());
      }
    });
    response.exceptionHandler(t -> {
      if (exchange.carries(request)) {
        exchange.fail(ErrorClassifier.classify(t), ErrorClassifier.describe(t));
      }
    });
    response.endHandler(v -> {
      if (exchange.carries(request)) {
        exchange.end();
      }
    });
  }
}
