package io.cartographer.cli;

import java.io.PrintStream;

/**
 * What to say and which code to exit with when the application could not start: {@link
 * CartographerMain#EXIT_INVALID_INPUT} when a setting is invalid (a value that does not convert,
 * a required one missing), {@link CartographerMain#EXIT_PROBE_FAILED} for everything else, such as
 * a port already in use. So a CronJob's failure policy can tell a configuration to fix from a
 * verdict (1) and from a probe that could not run. Expected failures get one line; anything else
 * also its stack trace, since that is a defect to report.
 */
final class StartFailure {

  private StartFailure() {}

  static int exitCode(Throwable failure) {
    return configuration(failure) != null ? CartographerMain.EXIT_INVALID_INPUT : CartographerMain.EXIT_PROBE_FAILED;
  }

  /** Writes why the application could not start to {@code err}. */
  static void report(Throwable failure, PrintStream err) {
    Throwable configuration = configuration(failure);
    if (configuration != null) {
      err.println("cartographer: invalid configuration: " + configuration.getMessage().strip());
      return;
    }
    Throwable root = failure;
    boolean portInUse = false;
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      root = cause;
      portInUse |= cause.getClass().getName().equals("io.quarkus.runtime.QuarkusBindException")
          || String.valueOf(cause.getMessage()).contains("Address already in use");
    }
    if (portInUse) {
      err.println("cartographer: could not start: the HTTP port is already in use (" + root.getMessage()
          + "); set quarkus.http.port, or 0 for a free one");
      return;
    }
    err.println("cartographer: could not start: " + root);
    failure.printStackTrace(err);
  }

  private static Throwable configuration(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      String type = cause.getClass().getName();
      if (type.equals("io.smallrye.config.ConfigValidationException")
          || type.equals("io.quarkus.runtime.configuration.ConfigurationException")) {
        return cause;
      }
    }
    return null;
  }

  private static Throwable next(Throwable cause) {
    return cause.getCause() == cause ? null : cause.getCause();
  }
}
