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
 * exchange uses when it ends the request itself (deadline passed, body too large). The transport
 * also keeps the deadline: the lean HTTP/1.1 connection with one timer of its own that it re-arms
 * only when it fires, any other with {@link #scheduleDeadline} per request.
 *
 * <p>An owner reuses its exchanges, one request after another ({@link #reset}), so that the hot path
 * allocates nothing per request. A transport whose callbacks can arrive after the exchange ended
 * (a late response to a request already timed out) checks {@link #generation} first.
 */
final class Exchange implements Runnable {

  /** Told once when an exchange completes, successfully or not. */
  interface Listener {
    void completed(Exchange exchange, ErrorKind error, String detail);
  }

  private final RequestTemplate template;
  private final Listener listener;
  long intendedNanos;
  /** Counts the requests this object has carried: a callback meant for an earlier one is stale. */
  int generation;
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

  Exchange(RequestTemplate template, Listener listener) {
    this.template = template;
    this.listener = listener;
  }

  /**
   * Makes this exchange ready for its owner's next request, which was meant to go at {@code
   * intendedNanos}; only once the previous one has completed.
   */
  Exchange reset(long intendedNanos) {
    this.intendedNanos = intendedNanos;
    generation++;
    sentNanos = 0;
    headersNanos = 0;
    bodyBytes = 0;
    status = 0;
    version = null;
    digest = 0;
    if (checksum != null) {
      checksum.reset();
    }
    finished = false;
    abort = null;
    if (projected != null) {
      projected.release(); // the previous body ended early (an error) while it was being buffered
      projected = null;
    }
    return this;
  }

  /** Sends the request through {@code sender}; call it on the context that owns the sender. */
  void start(Sender sender) {
    sentNanos = System.nanoTime();
    try {
      sender.send(this);
    } catch (RuntimeException e) {
      // A closed client or Vert.x refuses at once; report it from a fresh task so that a lane
      // starting its next request cannot recurse.
      int request = generation;
      template.vertx().runOnContext(v -> {
        if (generation == request) {
          fail(ErrorKind.OTHER, ErrorClassifier.describe(e));
        }
      });
    }
  }

  /** When the request times out: its timeout after it went. */
  long deadlineNanos() {
    return sentNanos + template.timeoutMillis() * 1_000_000L;
  }

  /**
   * Times this request out on the event loop's own scheduler, for a transport that keeps no timer
   * of its own: Netty's scheduler rather than a Vert.x timer, so only the scheduled task itself is
   * allocated, no timer id, map entry or handler.
   */
  void scheduleDeadline() {
    context = (ContextInternal) template.vertx().getOrCreateContext();
    deadline = context.nettyEventLoop().schedule(this, template.timeoutMillis(), TimeUnit.MILLISECONDS);
  }

  /** How the transport cancels this request (resets the stream, closes the connection). */
  void abortWith(Runnable abort) {
    this.abort = abort;
  }

  /** Whether this exchange still carries request {@code generation} and has not ended it. */
  boolean carries(int generation) {
    return this.generation == generation && !finished;
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

  /**
   * The deadline {@linkplain #scheduleDeadline scheduled} passed: runs on the event loop, outside
   * the context, so hop back onto it.
   */
  @Override
  public void run() {
    int request = generation;
    context.runOnContext(v -> {
      if (generation == request) {
        deadline = null;
        timedOut();
      }
    });
  }

  /** The deadline passed: the exchange ends the request itself. */
  void timedOut() {
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
