package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Help and version are answered from the arguments alone, a command's help with its own part. */
class CommandHelpTest {

  private static final String USAGE = CartographerMain.USAGE;

  @Test
  void helpInEachSpellingIsTheUsageText() {
    for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
      assertEquals(Optional.of(USAGE), CommandHelp.answer(USAGE, args), String.join(" ", args));
    }
  }

  @Test
  void aCommandsHelpIsItsPartOfTheUsageAndTheExitCodes() {
    for (String[] args : new String[][] {{"run", "--help"}, {"run", "--plan", "p.yaml", "-h"}, {"help", "run"}}) {
      String help = CommandHelp.answer(USAGE, args).orElseThrow();
      assertTrue(help.startsWith("usage: cartographer run [options]"), help);
      assertTrue(help.contains("--plan FILE") && help.contains("--fail-on WHAT"), help);
      assertTrue(help.contains("exit codes: 0 passed"), help);
      assertFalse(help.contains("compare A B"), help);
    }
    String compare = CommandHelp.answer(USAGE, "compare", "--help").orElseThrow();
    assertTrue(compare.contains("compare A B") && !compare.contains("--fail-on WHAT"), compare);
    assertEquals(USAGE, CommandHelp.answer(USAGE, "help", "nonsense").orElseThrow(), "an unknown command: all of it");
  }

  @Test
  void theVersionAndNothingElse() {
    assertTrue(CommandHelp.answer(USAGE, "--version").orElseThrow().startsWith("cartographer "));
    assertEquals(CommandHelp.answer(USAGE, "--version"), CommandHelp.answer(USAGE, "version"));
    assertEquals(Optional.empty(), CommandHelp.answer(USAGE));
    assertEquals(Optional.empty(), CommandHelp.answer(USAGE, "run", "--plan", "p.yaml"));
  }
}
