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
    client.request(options, ar -> onConnection(exchange, ar));
  }

  private void onConnection(Exchange exchange, AsyncResult<HttpClientRequest> ar) {
    if (exchange.finished()) {
      if (ar.succeeded()) {
        ar.result().reset();
      }
      return;
    }
    if (ar.failed()) {
      exchange.fail(ErrorClassifier.onConnect(ar.cause()), ErrorClassifier.describe(ar.cause()));
      return;
    }
    HttpClientRequest request = ar.result();
    exchange.abortWith(request::reset);
    if (body == null) {
      request.send(response -> onResponse(exchange, response));
    } else {
      request.send(body, response -> onResponse(exchange, response));
    }
  }

  private static void onResponse(Exchange exchange, AsyncResult<HttpClientResponse> ar) {
    if (exchange.finished()) {
      return;
    }
    if (ar.failed()) {
      exchange.fail(ErrorClassifier.classify(ar.cause()), ErrorClassifier.describe(ar.cause()));
      return;
    }
    HttpClientResponse response = ar.result();
    exchange.headers(response.statusCode(), response.version());
    response.handler(chunk -> exchange.body(chunk.getByteBuf(), chunk.getByteBuf().readerIndex(), chunk.length()));
    response.exceptionHandler(t -> exchange.fail(ErrorClassifier.classify(t), ErrorClassifier.describe(t)));
    response.endHandler(v -> exchange.end());
  }
}
