package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportJson;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Exit codes from a finished run's passport summary, and the values --confirm accepts. */
class ExitCodeTest {

  /** A real passport whose summary says {@code verdict}, read back the way the CLI reads one. */
  private static Passport passport(String verdict, int regressions, String regressionVerdict) throws Exception {
    ObjectNode tree = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a")));
    ObjectNode summary = (ObjectNode) tree.path("summary");
    summary.put("verdict", verdict).put("performance_regressions", regressions).put("memory_regressions", 0);
    if (regressionVerdict == null) {
      summary.putNull("regression_verdict");
    } else {
      summary.put("regression_verdict", regressionVerdict);
    }
    return PassportJson.read(new ObjectMapper().writeValueAsBytes(tree));
  }

  @Test
  void anInconclusiveEnvironmentIsExitFiveOnlyWhenFailingOnRegressions() throws Exception {
    Passport inconclusive = passport("PASS", 0, "inconclusive: environment");
    assertEquals(5, CartographerMain.exitCode(inconclusive, RunCommand.FailOn.REGRESSION));
    assertEquals(0, CartographerMain.exitCode(inconclusive, RunCommand.FailOn.THRESHOLD));
    assertEquals(0, CartographerMain.exitCode(inconclusive, RunCommand.FailOn.NONE));
    assertEquals(1, CartographerMain.exitCode(passport("FAIL", 0, "inconclusive: environment"), RunCommand.FailOn.REGRESSION),
        "a failed threshold is a failure whatever the environment");
    assertEquals(1, CartographerMain.exitCode(passport("PASS", 1, "regression"), RunCommand.FailOn.REGRESSION));
    assertEquals(0, CartographerMain.exitCode(passport("PASS", 0, "no regression"), RunCommand.FailOn.REGRESSION));
    assertEquals(0, CartographerMain.exitCode(passport("PASS", 0, null), RunCommand.FailOn.REGRESSION), "a passport of before");
  }

  @Test
  void confirmTakesZeroToTenAndNothingElse() {
    assertEquals(OptionalInt.empty(), CartographerMain.confirmations(null));
    assertEquals(OptionalInt.of(0), CartographerMain.confirmations(0));
    assertEquals(OptionalInt.of(10), CartographerMain.confirmations(10));
    for (int bad : new int[] {11, -1, Integer.MAX_VALUE}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CartographerMain.confirmations(bad), "" + bad);
      assertTrue(e.getMessage().startsWith("--confirm takes a number"), e.getMessage());
    }
    for (String bad : new String[] {"x", "", "1.5", "99999999999999999999", "1 2"}) {
      picocli.CommandLine.ParameterException e = assertThrows(picocli.CommandLine.ParameterException.class,
          () -> CliParser.parse("run", "--confirm", bad), bad);
      assertTrue(e.getMessage().contains("--confirm"), e.getMessage());
    }
  }

  @Test
  void failOnTakesItsThreeWordsInAnyCase() {
    assertEquals(RunCommand.FailOn.THRESHOLD, ((RunCommand) CliParser.parse("run").command()).failOn, "the default");
    assertEquals(RunCommand.FailOn.REGRESSION,
        ((RunCommand) CliParser.parse("run", "--fail-on", "regression").command()).failOn);
    assertEquals(RunCommand.FailOn.NONE, ((RunCommand) CliParser.parse("run", "--fail-on=NONE").command()).failOn);
    picocli.CommandLine.ParameterException e = assertThrows(picocli.CommandLine.ParameterException.class,
        () -> CliParser.parse("run", "--fail-on", "regresion"));
    assertTrue(e.getMessage().contains("--fail-on") && e.getMessage().contains("regresion"), e.getMessage());
  }
}
