package io.cartographer.cli;

import io.cartographer.run.RunStatus;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a run's progress: on a terminal one line rewritten in place every second; otherwise (a
 * CronJob's log, CI) a plain line every few seconds, so logs stay readable.
 */
final class ProgressReporter {

  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final boolean terminal;
  private final PrintStream out;
  private long lastLogNanos = System.nanoTime();
  private boolean lineOpen;

  ProgressReporter(boolean terminal, PrintStream out) {
    this.terminal = terminal;
    this.out = out;
  }

  void report(RunStatus status) {
    String line = line(status.progress());
    if (terminal) {
      out.print("\r" + line + "   ");
      out.flush();
      lineOpen = true;
    } else if (System.nanoTime() - lastLogNanos >= LOG_EVERY_NANOS) {
      out.println("progress: " + line);
      lastLogNanos = System.nanoTime();
    }
  }

  void finish() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
  }

  static String line(RunStatus.Progress p) {
    return String.format(
        Locale.ROOT,
        "variant %d/%d %s | %.0f rps | %d requests, %d errors",
        Math.min(p.variantsDone() + 1, p.variantsTotal()),
        p.variantsTotal(),
        p.currentVariant() == null ? "" : p.currentVariant(),
        p.liveRps(),
        p.requestsDone(),
        p.errors());
  }
}
