package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.run.RunState;
import io.cartographer.run.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  private static RunStatus status(int done) {
    return new RunStatus("0000abcd", RunState.RUNNING, "cli", "t", null,
        new RunStatus.Progress(done, 20, "health/stress", 1234, 5, 4321.4), null, null, null, null);
  }

  @Test
  void lineSaysVariantRateErrorsTheTimeElapsedAndTheTimeLeft() {
    assertEquals("variant 4/20 health/stress | 4321 rps | 1234 requests, 5 errors | 12s, ~1m08s left",
        ProgressReporter.line(status(3).progress(), 12_400_000_000L), "3 of 20 done in 12 s: 17 more at 4 s each");
    assertEquals("variant 1/20 health/stress | 4321 rps | 1234 requests, 5 errors | 0s",
        ProgressReporter.line(status(0).progress(), 300_000_000L), "no estimate before a variant ended");
    assertEquals("2m05s", ProgressReporter.seconds(125));
  }

  @Test
  void terminalRewritesOneLineInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter reporter = new ProgressReporter(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    reporter.report(status(1));
    reporter.report(status(2));
    reporter.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(3, out.chars().filter(c -> c == '\r').count(), "two redraws, then the line cleared");
    assertEquals(0, out.chars().filter(c -> c == '\n').count(), "no line left behind");
    assertTrue(out.endsWith("\r\u001b[K"), out);
  }

  @Test
  void logsAreNotFloodedWhenNotOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter reporter = new ProgressReporter(false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    for (int i = 0; i < 10; i++) {
      reporter.report(status(i));
    }
    reporter.finish();
    assertTrue(bytes.toString(StandardCharsets.UTF_8).isEmpty(), "nothing within the first 5 s");
  }
}
