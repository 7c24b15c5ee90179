package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.LoadModel;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code probe URL [options]} becomes a valid one-variant plan, or a clear error. */
class ProbeCommandTest {

  private static Variant variant(ProbeCommand.Translated t) throws Exception {
    List<String> run = t.runArguments();
    assertEquals("run", run.get(0));
    Path plan = Path.of(run.get(run.indexOf("--plan") + 1));
    Plan parsed = new PlanLoader().parse(Files.readString(plan), plan.toString(), false, null);
    assertEquals(1, parsed.variants().size());
    return parsed.variants().get(0);
  }

  private static ProbeCommand.Translated translate(String... args) {
    try {
      return ((ProbeCommand) CliParser.parse(args).command()).translate();
    } catch (picocli.CommandLine.ParameterException e) {
      throw new IllegalArgumentException("probe: " + e.getMessage(), e);
    }
  }

  @Test
  void aUrlWithOptionsIsAOneVariantClosedPlan() throws Exception {
    ProbeCommand.Translated t = translate("probe", "http://127.0.0.1:9/items?limit=5&x=%20", "-n", "300",
        "-c", "4", "-H", "Accept: application/json", "-H", "X-Trace: a:b", "--method", "head", "--expect", "204",
        "--max-p99", "50ms");
    assertFalse(t.passportKept());
    Variant v = variant(t);
    assertEquals("HEAD", v.method());
    assertEquals("/items?limit=5&x=%20", v.pathAndQuery());
    assertEquals("application/json", v.headers().get("Accept"));
    assertEquals("a:b", v.headers().get("X-Trace"), "a value may hold a colon");
    assertEquals(LoadModel.CLOSED, v.load().model());
    assertEquals(4, v.load().concurrency());
    assertEquals(300L, v.load().requests());
    assertEquals(204, v.expectedStatus());
    assertEquals(Duration.ofMillis(50), v.thresholds().maxP99());
  }

  @Test
  void aRateIsTheOpenModelForTheRequestsAskedFor() throws Exception {
    Variant v = variant(translate("probe", "https://example.test/", "--rate", "500/s", "-n", "1000"));
    assertEquals(LoadModel.OPEN, v.load().model());
    assertEquals(500.0, v.load().rate());
    assertEquals(Duration.ofSeconds(2), v.load().duration());
  }

  @Test
  void thePassportIsKeptWhereAsked() {
    ProbeCommand.Translated t = translate("probe", "http://127.0.0.1:9/", "--passport-dir", "kept");
    assertTrue(t.passportKept());
    assertEquals("kept", t.runArguments().get(t.runArguments().indexOf("--passport-dir") + 1));
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    String[][] bad = {
      {"probe"}, {"probe", "a", "b"}, {"probe", "ftp://x/"}, {"probe", "http:///nohost"},
      {"probe", "http://u:p@h/"}, {"probe", "http://h/", "-n"}, {"probe", "http://h/", "--nope", "1"},
      {"probe", "http://h/", "-n", "1", "-d", "1s"}, {"probe", "http://h/", "-c", "2", "--rate", "5/s"},
      {"probe", "http://h/", "-d", "banana"}, {"probe", "http://h/", "--rate", "fast"},
      {"probe", "http://h/", "--method", "BREW"}, {"probe", "http://h/", "-H", "no colon"},
      {"probe", "http://h/", "-n", "-5"}, {"probe", "http://h/", "-c", "1", "-c", "2"},
    };
    for (String[] args : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> translate(args),
          String.join(" ", args));
      assertTrue(e.getMessage().startsWith("probe"), e.getMessage());
    }
  }
}
