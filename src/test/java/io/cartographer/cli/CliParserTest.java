package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The command line: each command with its options, help and the version, and every usage error. */
class CliParserTest {

  private static String help(String... args) {
    var out = new ByteArrayOutputStream();
    assertTrue(CliParser.answerHelp(CliParser.parse(args), new PrintStream(out, true, StandardCharsets.UTF_8)),
        String.join(" ", args) + " asks for help");
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String usageError(String... args) {
    ParameterException e = assertThrows(ParameterException.class, () -> CliParser.parse(args), String.join(" ", args));
    var err = new ByteArrayOutputStream();
    CliParser.report(e, new PrintStream(err, true, StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommandIsTheServiceAndEachCommandItsOwnObject() {
    assertInstanceOf(CartographerCommand.class, CliParser.parse().command());
    assertInstanceOf(ServeCommand.class, CliParser.parse("serve").command());
    assertInstanceOf(CompareCommand.class, CliParser.parse("compare", "a", "b").command());
    assertInstanceOf(VersionCommand.class, CliParser.parse("version").command());
    RunCommand run = (RunCommand) CliParser.parse("run", "--plan", "p.yaml", "--passport-dir=out", "--shard-index", "1",
        "--shard-count", "3", "--run-id", "r", "--baseline", "latest", "--confirm", "2", "--summary-md", "s.md",
        "--push-gateway", "http://gw:9091", "--report", "r.html").command();
    assertEquals("p.yaml", run.plan);
    assertEquals("out", run.passportDir);
    assertEquals(1, run.shardIndex);
    assertEquals(3, run.shardCount);
    assertEquals("r", run.runId);
    assertEquals("latest", run.baseline);
    assertEquals(2, run.confirm);
    assertEquals(Path.of("s.md"), run.summaryMarkdown);
    assertEquals("http://gw:9091", run.pushGateway);
    assertEquals(Path.of("r.html"), run.report);
    MergeCommand merge = (MergeCommand) CliParser.parse("merge", "--run-id", "nightly").command();
    assertEquals("nightly", merge.runId);
  }

  @Test
  void helpInEachSpellingListsTheCommandsAndTheExitCodes() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
      String help = help(args);
      assertTrue(help.startsWith("usage: cartographer"), help);
      for (String command : List.of("serve", "run", "probe", "validate", "compare", "merge", "version", "help")) {
        assertTrue(help.contains("\n  " + command + " "), command + " listed: " + help);
      }
      assertTrue(help.contains("exit codes:") && help.contains("  3        target unreachable"), help);
    }
  }

  @Test
  void aCommandsHelpIsItsOwnOptionsAndTheExitCodes() {
    for (String[] args : new String[][] {{"run", "--help"}, {"run", "--plan", "p.yaml", "-h"}, {"help", "run"}}) {
      String help = help(args);
      assertTrue(help.startsWith("usage: cartographer run"), help);
      assertTrue(help.contains("--plan=FILE") && help.contains("--fail-on=WHAT"), help);
      assertTrue(help.contains("exit codes:") && help.contains("  3        target unreachable"), help);
      assertFalse(help.contains("the passport judged"), "compare's parameters are not run's: " + help);
    }
    String compare = help("compare", "--help");
    assertTrue(compare.contains("usage: cartographer compare") && compare.contains(" A B") && !compare.contains("--fail-on="),
        compare);
    String probe = help("help", "probe");
    assertTrue(probe.contains("-H='NAME: VALUE'") && probe.contains("--rate=R"), probe);
  }

  @Test
  void theVersionAndNothingElse() {
    String version = help("--version");
    assertTrue(version.startsWith("cartographer "), version);
    assertEquals(version, help("version"));
    assertEquals(1, version.lines().count(), version);
    var out = new ByteArrayOutputStream();
    assertFalse(CliParser.answerHelp(CliParser.parse("run", "--plan", "p.yaml"), new PrintStream(out)));
    assertFalse(CliParser.answerHelp(CliParser.parse(), new PrintStream(out)));
    assertEquals(0, out.size());
  }

  @Test
  void usageErrorsNameWhatIsWrongWithTheCommandsUsage() {
    String misspelt = usageError("run", "--plna", "x.yaml");
    assertTrue(misspelt.contains("Unknown option") && misspelt.contains("'--plna'")
        && misspelt.contains("Possible solutions: --plan"), misspelt);
    assertTrue(misspelt.contains("usage: cartographer run"), misspelt);
    String command = usageError("rnu");
    assertTrue(command.contains("'rnu'") && command.contains("run"), command);
    assertTrue(usageError("run", "extra").contains("'extra'"));
    assertTrue(usageError("run", "--plan").contains("--plan"));
    assertTrue(usageError("run", "--plan", "").contains("--plan needs a value"));
    assertTrue(usageError("run", "--plan", "a", "--plan", "b").contains("--plan"));
    assertTrue(usageError("run", "--shard-index", "one").contains("--shard-index"));
    assertTrue(usageError("merge").contains("--run-id"));
    assertTrue(usageError("compare", "a").contains("B"));
    assertTrue(usageError("compare", "a", "b", "c").contains("'c'"));
    assertTrue(usageError("validate").contains("PLAN"));
  }
}
