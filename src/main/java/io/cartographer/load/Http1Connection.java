package io.cartographer.load;

import io.cartographer.load.Http1ResponseParser.MalformedResponseException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * One keep-alive connection of the lean HTTP/1.1 transport, carrying one exchange at a time. It is
 * opened from its owner's context and all of its events arrive there, so it needs no locks. The
 * request is written as the variant's pre-encoded bytes straight to the channel; the bytes that
 * come back go through its parser without being copied.
 *
 * <p>A connection that fails, times out, is closed by the server, carries a response that ends the
 * connection or receives bytes nobody asked for is closed and forgotten; the owner's next exchange
 * opens a new one.
 */
final class Http1Connection implements Http1ResponseParser.Receiver {

  private final Http1Transport transport;
  private final Http1Transport.Connections owner;
  private final Http1ResponseParser parser = new Http1ResponseParser();
  private final Runnable abort = this::abort;
  private NetSocketInternal socket;
  private ChannelHandlerContext channel;
  private Exchange exchange;
  private boolean closed;

  Http1Connection(Http1Transport transport, Http1Transport.Connections owner) {
    this.transport = transport;
    this.owner = owner;
  }

  void send(Exchange next) {
    exchange = next;
    next.abortWith(abort);
    if (socket == null) {
      transport.client().connect(transport.address(), transport.serverName(), this::connected);
    } else {
      write();
    }
  }

  private void connected(AsyncResult<NetSocket> ar) {
    if (ar.failed()) {
      closed = true;
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
    channel.writeAndFlush(transport.request(), channel.voidPromise());
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
        completed(parser.reusable() && !bytes.isReadable());
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
      if (socket != null) {
        socket.close();
      }
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
