package io.cartographer.load;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps the exceptions a Vert.x client reports to the {@link ErrorKind} a user can act on. */
final class ErrorClassifier {

  /**
   * "HTTP/" as the hex dump of an HTTP/2 client's protocol error shows the first bytes it got: an
   * HTTP/1.x server's answer to the HTTP/2 connection preface.
   */
  private static final String HTTP_1_IN_HEX = "485454502f";

  private ErrorClassifier() {}

  /** A failure while obtaining a connection. */
  static ErrorKind onConnect(Throwable t) {
    ErrorKind kind = classify(t);
    return kind == ErrorKind.OTHER ? ErrorKind.CONNECT : kind;
  }

  /** A failure after the request was handed to a connection. */
  static ErrorKind classify(Throwable t) {
    // Checked first: a failed handshake may also surface as a closed or reset connection.
    if (tlsCause(t) != null) {
      return ErrorKind.TLS;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException
          || c instanceof ConnectTimeoutException) {
        return ErrorKind.CONNECT;
      }
      if (c instanceof TimeoutException) {
        return ErrorKind.TIMEOUT;
      }
      if (c instanceof HttpClosedException
          || c instanceof StreamResetException
          || c instanceof ClosedChannelException) {
        return ErrorKind.RESET;
      }
      if (c instanceof IOException && mentionsReset(c.getMessage())) {
        return ErrorKind.RESET;
      }
    }
    return ErrorKind.OTHER;
  }

  /**
   * The exception's class and message. For a TLS failure, those of the TLS exception, followed by
   * the message of its root cause, which names the certificate problem where Vert.x wraps it (as
   * in "Failed to create SSL connection").
   */
  static String describe(Throwable t) {
    Throwable tls = tlsCause(t);
    Throwable shown = tls != null ? tls : t;
    String message = shown.getMessage();
    if (message != null && message.startsWith("First received frame was not SETTINGS")
        && message.contains(HTTP_1_IN_HEX)) {
      message = "the server answered in HTTP/1.x, not HTTP/2 (no h2c with prior knowledge): " + message;
    }
    if (tls != null) {
      String root = rootCause(tls).getMessage();
      if (root != null && (message == null || !message.contains(root))) {
        message = message == null ? root : message + ": " + root;
      }
    }
    return shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      root = root.getCause();
    }
    return root;
  }

  /** The TLS exception in the cause chain, or {@code null}. */
  private static SSLException tlsCause(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 16; c = c.getCause() == c ? null : c.getCause(), depth++) {
      if (c instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  private static boolean mentionsReset(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("reset") || m.contains("broken pipe") || m.contains("closed");
  }
}
