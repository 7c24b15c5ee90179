package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Exit codes from a finished run's passport summary, and the values --confirm accepts. */
class ExitCodeTest {

  private static JsonNode passport(String verdict, int regressions, String regressionVerdict) throws Exception {
    return new ObjectMapper().readTree(String.format(
        "{\"summary\": {\"verdict\": \"%s\", \"total_requests\": 10, \"performance_regressions\": %d,"
            + " \"memory_regressions\": 0, \"regression_verdict\": %s}, \"test_results\": []}",
        verdict, regressions, regressionVerdict == null ? "null" : "\"" + regressionVerdict + "\""));
  }

  @Test
  void anInconclusiveEnvironmentIsExitFiveOnlyWhenFailingOnRegressions() throws Exception {
    JsonNode inconclusive = passport("PASS", 0, "inconclusive: environment");
    assertEquals(5, CartographerMain.exitCode(inconclusive, "regression"));
    assertEquals(0, CartographerMain.exitCode(inconclusive, "threshold"));
    assertEquals(0, CartographerMain.exitCode(inconclusive, "none"));
    assertEquals(1, CartographerMain.exitCode(passport("FAIL", 0, "inconclusive: environment"), "regression"),
        "a failed threshold is a failure whatever the environment");
    assertEquals(1, CartographerMain.exitCode(passport("PASS", 1, "regression"), "regression"));
    assertEquals(0, CartographerMain.exitCode(passport("PASS", 0, "no regression"), "regression"));
    assertEquals(0, CartographerMain.exitCode(passport("PASS", 0, null), "regression"), "a passport of before");
  }

  @Test
  void confirmTakesZeroToTenAndNothingElse() {
    assertEquals(OptionalInt.empty(), CartographerMain.confirmations(Optional.empty()));
    assertEquals(OptionalInt.of(0), CartographerMain.confirmations(Optional.of("0")));
    assertEquals(OptionalInt.of(10), CartographerMain.confirmations(Optional.of("10")));
    for (String bad : new String[] {"11", "-1", "x", "", "1.5", "99999999999999999999", "1 2"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CartographerMain.confirmations(Optional.of(bad)), bad);
      assertTrue(e.getMessage().startsWith("--confirm takes a number"), e.getMessage());
    }
  }
}
