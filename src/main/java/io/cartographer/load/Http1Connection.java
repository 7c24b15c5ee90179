package io.cartographer.load;

import io.cartographer.load.Http1ResponseParser.MalformedResponseException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive connection of the lean HTTP/1.1 transport, carrying one exchange at a time. It is
 * opened from its owner's context and all of its events arrive there, so it needs no locks. The
 * request is written as the variant's pre-encoded bytes straight to the channel; the bytes that
 * come back go through its parser without being copied.
 *
 * <p>A connection that fails, times out, is closed by the server, carries a response that ends the
 * connection or completes before its request was all written, or receives bytes nobody asked for,
 * is closed and forgotten; the owner's next exchange opens a new one.
 *
 * <p>Nothing is allocated per request: the request goes out as this connection's own view of the
 * encoded bytes, rewound for each request, and the deadline is one timer per connection. It is
 * armed when an exchange is sent and no timer is pending; when it fires it times the exchange out
 * if its deadline has passed and otherwise re-arms for what is left, so that back-to-back requests
 * cost one scheduled task per timeout period rather than one each.
 */
final class Http1Connection implements Http1ResponseParser.Receiver {

  private final Http1Transport transport;
  private final Http1Transport.Connections owner;
  private final Http1ResponseParser parser = new Http1ResponseParser();
  private final Runnable abort = this::abort;
  private final Runnable deadlineFired = this::deadlineFired;
  private final Handler<Void> checkDeadline = this::checkDeadline;
  private final ContextInternal context;
  /** This connection's view of the encoded request; its reader index is rewound for each write. */
  private final ByteBuf request;
  private ScheduledFuture<?> deadline;
  private NetSocketInternal socket;
  private ChannelHandlerContext channel;
  private Exchange exchange;
  private boolean closed;

  /** Call it on the owner's context, which drives the connection from then on. */
  Http1Connection(Http1Transport transport, Http1Transport.Connections owner) {
    this.transport = transport;
    this.owner = owner;
    this.context = ContextInternal.current();
    this.request = transport.request();
  }

  void send(Exchange next) {
    exchange = next;
    next.abortWith(abort);
    if (deadline == null) {
      armDeadline(next.deadlineNanos() - System.nanoTime());
    }
    try {
      if (socket == null) {
        transport.client().connect(transport.address(), transport.serverName(), this::connected);
      } else {
        write();
      }
    } catch (RuntimeException refused) {
      // the exchange reports the refusal itself (Exchange.start); this connection lets it go,
      // timer and all, so that nothing here can touch the exchange's next request
      exchange = null;
      close();
      throw refused;
    }
  }

  private void connected(AsyncResult<NetSocket> ar) {
    if (ar.failed()) {
      closed = true;
      cancelDeadline();
      fail(ErrorClassifier.onConnect(ar.cause()), ErrorClassifier.describe(ar.cause()));
      return;
    }
    socket = (NetSocketInternal) ar.result();
    channel = socket.channelHandlerContext();
    socket.messageHandler(this::received);
    socket.exceptionHandler(this::broken);
    socket.closeHandler(v -> ended());
    if (closed || exchange == null) {
      // the exchange ended (its deadline passed) while the connection was being opened
      socket.close();
      return;
    }
    write();
  }

  private void write() {
    parser.expect(this, transport.headRequest());
    request.readerIndex(0);
    channel.writeAndFlush(request, channel.voidPromise());
  }

  /**
   * Whether the last request has left this connection entirely, so that its view of the bytes may
   * be rewound: with TLS once the SSL handler has consumed it into records, in plain text once
   * Netty's outbound buffer is empty (a fully written buffer is dropped from it unread-indexed).
   */
  private boolean requestWritten() {
    if (transport.serverName() != null) {
      return !request.isReadable();
    }
    ChannelOutboundBuffer outbound = channel.channel().unsafe().outboundBuffer();
    return outbound != null && outbound.isEmpty();
  }

  private void armDeadline(long delayNanos) {
    deadline = context.nettyEventLoop().schedule(deadlineFired, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** On the event loop, outside the context: enter it in place, on this same thread. */
  private void deadlineFired() {
    context.emit(checkDeadline);
  }

  private void checkDeadline(Void unused) {
    deadline = null;
    if (exchange == null || closed) {
      return; // idle: the next exchange arms it again
    }
    long left = exchange.deadlineNanos() - System.nanoTime();
    if (left > 0) {
      armDeadline(left);
    } else {
      exchange.timedOut();
    }
  }

  private void received(Object message) {
    if (!(message instanceof ByteBuf bytes)) {
      return;
    }
    try {
      if (exchange == null) {
        if (bytes.isReadable()) {
          close(); // bytes nobody asked for: this is not a connection to reuse
        }
        return;
      }
      if (parser.parse(bytes)) {
        completed(parser.reusable() && !bytes.isReadable() && requestWritten());
      }
    } catch (MalformedResponseException e) {
      close();
      fail(ErrorKind.OTHER, "malformed response: " + e.getMessage());
    } catch (RuntimeException e) {
      // a defect of the probe's own must cost this exchange, never leave it hanging
      close();
      fail(ErrorKind.OTHER, ErrorClassifier.describe(e));
    } finally {
      bytes.release();
    }
  }

  private void completed(boolean reusable) {
    Exchange done = exchange;
    exchange = null;
    if (reusable) {
      owner.idle(this);
    } else {
      close();
    }
    done.end();
  }

  private void broken(Throwable failure) {
    close();
    fail(ErrorClassifier.classify(failure), ErrorClassifier.describe(failure));
  }

  private void ended() {
    closed = true;
    owner.closed(this);
    cancelDeadline();
    if (exchange == null) {
      return;
    }
    if (parser.connectionClosed()) {
      completed(false);
    } else {
      fail(ErrorKind.RESET, parser.responseStarted()
          ? "connection closed before the response was complete"
          : "connection closed before a response arrived");
    }
  }

  /** The exchange ended the request itself: nothing of this connection is reusable. */
  private void abort() {
    exchange = null;
    parser.stop();
    close();
  }

  private void fail(ErrorKind kind, String detail) {
    Exchange failed = exchange;
    exchange = null;
    if (failed != null) {
      failed.fail(kind, detail);
    }
  }

  private void close() {
    if (!closed) {
      closed = true;
      owner.closed(this);
      cancelDeadline();
      if (socket != null) {
        socket.close();
      }
    }
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void head(int status, HttpVersion version) {
    exchange.headers(status, version);
  }

  @Override
  public boolean body(ByteBuf buffer, int index, int length) {
    return exchange != null && exchange.body(buffer, index, length);
  }
}
