package io.cartographer.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, whichever {@link Transport} carries it. Every call runs on the
 * context of whoever started it, so the fields need no synchronisation. It times three moments:
 * when the request was meant to go ({@code intendedNanos}, the open model's schedule), when it went,
 * and when the response headers arrived; the end is taken when it completes. While the body streams
 * in it is counted and digested ({@link BodyChecksum}) without being kept, unless JSON fields must
 * be dropped before digesting.
 *
 * <p>The transport reports what happens through {@link #headers}, {@link #body}, {@link #end} and
 * {@link #fail}; it gives the exchange a way to {@link #abortWith abort} the request, which the
 * exchange uses when it ends the request itself (deadline passed, body too large).
 */
final class Exchange implements Runnable {

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
  /** The body's {@link BodyChecksum}, set when the exchange ends (0, as for no bytes, until then). */
  long digest;
  private BodyChecksum checksum;
  /** The request's deadline on the event loop's own scheduler; {@code null} once it is off. */
  private ScheduledFuture<?> deadline;
  private ContextInternal context;
  private boolean finished;
  private Runnable abort;
  private ByteBuf projected;

  Exchange(RequestTemplate template, Listener listener, long intendedNanos) {
    this.template = template;
    this.listener = listener;
    this.intendedNanos = intendedNanos;
  }

  /** Sends the request through {@code sender}; call it on the context that owns the sender. */
  void start(Sender sender) {
    sentNanos = System.nanoTime();
    try {
      // Netty's scheduler rather than a Vert.x timer: no timer id, map entry or handler to
      // allocate and remove for every request, only the scheduled task itself.
      context = (ContextInternal) template.vertx().getOrCreateContext();
      deadline = context.nettyEventLoop().schedule(this, template.timeoutMillis(), TimeUnit.MILLISECONDS);
      sender.send(this);
    } catch (RuntimeException e) {
      // A closed client or Vert.x refuses at once; report it from a fresh task so that a lane
      // starting its next request cannot recurse.
      template.vertx().runOnContext(v -> fail(ErrorKind.OTHER, ErrorClassifier.describe(e)));
    }
  }

  /** How the transport cancels this request (resets the stream, closes the connection). */
  void abortWith(Runnable abort) {
    this.abort = abort;
  }

  boolean finished() {
    return finished;
  }

  /** The final response's status line and headers arrived. */
  void headers(int status, HttpVersion version) {
    headersNanos = System.nanoTime();
    this.status = status;
    this.version = version;
  }

  /**
   * {@code length} bytes of the body, at {@code index} of {@code buffer} (not consumed).
   *
   * @return {@code false} when the exchange is over: the body grew past the variant's max-body
   */
  boolean body(ByteBuf buffer, int index, int length) {
    if (finished) {
      return false;
    }
    bodyBytes += length;
    if (bodyBytes > template.maxBodyBytes()) {
      finish(ErrorKind.BODY, "body larger than max-body (" + template.maxBodyBytes() + " bytes)", true);
      return false;
    }
    if (!template.determinism().check()) {
      return true;
    }
    if (!template.determinism().ignoreFields().isEmpty()) {
      projected = projected == null ? Unpooled.buffer() : projected;
      projected.writeBytes(buffer, index, length);
    } else {
      checksum().update(buffer, index, length);
    }
    return true;
  }

  private BodyChecksum checksum() {
    if (checksum == null) {
      checksum = new BodyChecksum();
    }
    return checksum;
  }

  /** The response is complete. */
  void end() {
    if (finished) {
      return;
    }
    if (status != template.expectedStatus()) {
      finish(ErrorKind.STATUS, "status " + status + " (expected " + template.expectedStatus() + ")", false);
      return;
    }
    if (projected != null) {
      checksum().update(JsonProjection.without(ByteBufUtil.getBytes(projected), template.determinism().ignoreFields()));
      projected.release();
      projected = null;
    }
    if (checksum != null) {
      digest = checksum.value();
    }
    finish(null, null, false);
  }

  /** The transport could not complete the exchange. */
  void fail(ErrorKind error, String detail) {
    finish(error, detail, false);
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
    finish(ErrorKind.TIMEOUT, "no complete response within " + template.timeoutMillis() + " ms", true);
  }

  /**
   * Ends the exchange once.
   *
   * @param cancel whether the exchange itself ended the request, which the transport is then told
   *     to abort before the listener hears of the end (so that a lane's next request finds its
   *     connection gone, not busy); whatever the abort reports back finds the exchange finished
   */
  private void finish(ErrorKind error, String detail, boolean cancel) {
    if (finished) {
      return;
    }
    finished = true;
    Runnable cancelRequest = abort;
    abort = null;
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    if (cancel && cancelRequest != null) {
      cancelRequest.run();
    }
    listener.completed(this, error, detail);
  }
}
