package io.cartographer.load;

import io.netty.util.ByteProcessor;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpVersion;

/**
 * One request and its response. Every callback runs on the context of whoever started it, so the
 * fields need no synchronisation. It times three moments: when the request was meant to go
 * ({@code intendedNanos}, the open model's schedule), when it went, and when the response headers
 * arrived; the end is taken when it completes. While the body streams in it is counted and
 * digested (FNV-1a over the first {@value #DIGESTED_BYTES} bytes, then the length) without being
 * kept, unless JSON fields must be dropped before digesting.
 */
final class Exchange implements ByteProcessor, Runnable {

  /** Bytes of a body that go into its digest; larger bodies are sampled by their head and size. */
  static final int DIGESTED_BYTES = 64 * 1024;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** Told once when an exchange completes, successfully or not. */
  interface Listener {
    void completed(Exchange exchange, ErrorKind error, String detail);
  }

  private final RequestTemplate template;
  private final Listener listener;
  final long intendedNanos;
  long sentNanos;
  long headersNanos;
  long bodyBytes;
  int status;
  /** The version the response came in, {@code null} until one arrives. */
  HttpVersion version;
  long digest = FNV_OFFSET;
  /** The request's deadline on the event loop's own scheduler; {@code null} once it is off. */
  private java.util.concurrent.ScheduledFuture<?> deadline;
  private io.vertx.core.impl.ContextInternal context;
  private boolean finished;
  private HttpClientRequest request;
  private Buffer projected;

  Exchange(RequestTemplate template, Listener listener, long intendedNanos) {
    this.template = template;
    this.listener = listener;
    this.intendedNanos = intendedNanos;
  }

  void start() {
    sentNanos = System.nanoTime();
    try {
      // Netty's scheduler rather than a Vert.x timer: no timer id, map entry or handler to
      // allocate and remove for every request, only the scheduled task itself.
      context = (io.vertx.core.impl.ContextInternal) template.vertx().getOrCreateContext();
      deadline =
          context.nettyEventLoop().schedule(this, template.timeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      template.client().request(template.options(), this::onConnection);
    } catch (RuntimeException e) {
      // A closed client or Vert.x refuses at once; report it from a fresh task so that a lane
      // starting its next request cannot recurse.
      template.vertx().runOnContext(v -> finish(ErrorKind.OTHER, ErrorClassifier.describe(e)));
    }
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
    request = ar.result();
    if (template.body() == null) {
      request.send(this::onResponse);
    } else {
      request.send(template.body(), this::onResponse);
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
    headersNanos = System.nanoTime();
    HttpClientResponse response = ar.result();
    status = response.statusCode();
    version = response.version();
    response.handler(this::onChunk);
    response.exceptionHandler(t -> finish(ErrorClassifier.classify(t), ErrorClassifier.describe(t)));
    response.endHandler(v -> onEnd());
  }

  private void onChunk(Buffer chunk) {
    if (finished) {
      return;
    }
    long before = bodyBytes;
    bodyBytes += chunk.length();
    if (bodyBytes > template.maxBodyBytes()) {
      finish(ErrorKind.BODY, "body larger than max-body (" + template.maxBodyBytes() + " bytes)");
      request.reset();
      return;
    }
    if (!template.determinism().check()) {
      return;
    }
    if (!template.determinism().ignoreFields().isEmpty()) {
      projected = projected == null ? Buffer.buffer() : projected;
      projected.appendBuffer(chunk);
    } else if (before < DIGESTED_BYTES) {
      int length = (int) Math.min(chunk.length(), DIGESTED_BYTES - before);
      chunk.getByteBuf().forEachByte(chunk.getByteBuf().readerIndex(), length, this);
    }
  }

  @Override
  public boolean process(byte value) {
    digest = (digest ^ (value & 0xff)) * FNV_PRIME;
    return true;
  }

  private void onEnd() {
    if (status != template.expectedStatus()) {
      finish(ErrorKind.STATUS, "status " + status + " (expected " + template.expectedStatus() + ")");
      return;
    }
    long digestedLength = bodyBytes;
    if (projected != null) {
      byte[] canonical = JsonProjection.without(projected.getBytes(), template.determinism().ignoreFields());
      for (int i = 0; i < Math.min(canonical.length, DIGESTED_BYTES); i++) {
        process(canonical[i]);
      }
      digestedLength = canonical.length;
      projected = null;
    }
    digest = (digest ^ digestedLength) * FNV_PRIME;
    finish(null, null);
  }

  /** The deadline passed: runs on the event loop, outside the context, so hop back onto it. */
  @Override
  public void run() {
    context.runOnContext(v -> onTimeout());
  }

  private void onTimeout() {
    deadline = null;
    if (finished) {
      return;
    }
    finish(ErrorKind.TIMEOUT, "no complete response within " + template.timeoutMillis() + " ms");
    if (request != null) {
      request.reset();
    }
  }

  private void finish(ErrorKind error, String detail) {
    if (finished) {
      return;
    }
    finished = true;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    listener.completed(this, error, detail);
  }
}
