package io.cartographer.cli;

import io.cartographer.run.RunStatus;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a run's progress, on stderr so that stdout carries only results: on a terminal one line
 * redrawn in place every second, with the time elapsed and an estimate of the time left (from the
 * variants done so far), and cleared when the run ends; otherwise (a CronJob's log, CI) a plain
 * line every few seconds, so logs stay readable.
 */
final class ProgressReporter {

  private static final long LOG_EVERY_NANOS = 5_000_000_000L;
  /** Back to the line's start, and erase to its end: a redraw leaves nothing of a longer one. */
  private static final String REDRAW = "\r\u001b[K";

  private final boolean terminal;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long lastLogNanos = startNanos;
  private boolean lineOpen;

  ProgressReporter(boolean terminal, PrintStream out) {
    this.terminal = terminal;
    this.out = out;
  }

  void report(RunStatus status) {
    String line = line(status.progress(), System.nanoTime() - startNanos);
    if (terminal) {
      out.print(REDRAW + line);
      out.flush();
      lineOpen = true;
    } else if (System.nanoTime() - lastLogNanos >= LOG_EVERY_NANOS) {
      out.println("progress: " + line);
      lastLogNanos = System.nanoTime();
    }
  }

  void finish() {
    if (lineOpen) {
      out.print(REDRAW);
      out.flush();
      lineOpen = false;
    }
  }

  static String line(RunStatus.Progress p, long elapsedNanos) {
    long elapsed = elapsedNanos / 1_000_000_000L;
    String left = p.variantsDone() > 0 && p.variantsDone() < p.variantsTotal()
        ? ", ~" + seconds(elapsed * (p.variantsTotal() - p.variantsDone()) / p.variantsDone()) + " left"
        : "";
    return String.format(
        Locale.ROOT,
        "variant %d/%d %s | %.0f rps | %d requests, %d errors | %s%s",
        Math.min(p.variantsDone() + 1, p.variantsTotal()),
        p.variantsTotal(),
        p.currentVariant() == null ? "" : p.currentVariant(),
        p.liveRps(),
        p.requestsDone(),
        p.errors(),
        seconds(elapsed),
        left);
  }

  /** {@code 42s}, {@code 3m05s}. */
  static String seconds(long s) {
    return s < 60 ? s + "s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
