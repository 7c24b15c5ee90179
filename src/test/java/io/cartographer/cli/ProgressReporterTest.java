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
  void lineSaysVariantRateAndErrors() {
    assertEquals("variant 4/20 health/stress | 4321 rps | 1234 requests, 5 errors",
        ProgressReporter.line(status(3).progress()));
  }

  @Test
  void terminalRewritesOneLineInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter reporter = new ProgressReporter(true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    reporter.report(status(1));
    reporter.report(status(2));
    reporter.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, out.chars().filter(c -> c == '\r').count());
    assertEquals(1, out.chars().filter(c -> c == '\n').count());
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
