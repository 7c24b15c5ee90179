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

/** Maps the exceptions a Vert.x client reports to the {@link ErrorKind} a user can act on. */
final class ErrorClassifier {

  private ErrorClassifier() {}

  /** A failure while obtaining a connection. */
  static ErrorKind onConnect(Throwable t) {
    ErrorKind kind = classify(t);
    return kind == ErrorKind.OTHER ? ErrorKind.CONNECT : kind;
  }

  /** A failure after the request was handed to a connection. */
  static ErrorKind classify(Throwable t) {
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

  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static boolean mentionsReset(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("reset") || m.contains("broken pipe") || m.contains("closed");
  }
}
