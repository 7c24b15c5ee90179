package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cartographer.demo.DemoPlan;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated plans (the built-in demo plan in YAML, and a JSON plan) never make the loader raise
 * anything but {@link InvalidPlanException} with at least one problem naming a path; seeded, so a
 * failure replays.
 */
class PlanLoaderFuzzTest {

  private static final URI BASE = URI.create("http://127.0.0.1:1/demo");
  private static final String JSON_PLAN =
      """
      {"name": "json-plan", "target": {"base-url": "http://127.0.0.1:1", "metrics": {"url": "/metrics"}},
       "defaults": {"load": {"concurrency": 4, "requests": 100, "timeout": "2s"},
                    "thresholds": {"max-p99": "50ms", "max-error-rate": 0.01}},
       "endpoints": [{"name": "a", "path": "/a", "variants": [
          {"name": "closed", "query": "x=1"},
          {"name": "open", "load": {"model": "open", "rate": "100/s", "duration": "1s"}}]}]}
      """;
  private static final String[] TOKENS = {
    ":", "-", "[", "]", "{", "}", "\"", "'", "\n", "  ", "#", "&a", "*a", "!!binary", "~", "null", "1e999",
    "-1", "0", "99999999999999999999", "NaN", "\u0000", "\uFFFF", "\t", "? ", "|", ">", "%", "@", "`",
  };

  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 20261126L})
  void mutantsOnlyEverFailAsInvalidPlans(long seed) {
    Random random = new Random(seed);
    PlanLoader loader = new PlanLoader();
    int valid = 0;
    int invalid = 0;
    for (int i = 0; i < 1500; i++) {
      boolean json = random.nextInt(3) == 0;
      String text = mutate(json ? JSON_PLAN : DemoPlan.yaml(), random);
      try {
        assertNotNull(loader.parse(text, "fuzz", json, BASE));
        valid++;
      } catch (InvalidPlanException e) {
        assertFalse(e.problems().isEmpty(), "an invalid plan names at least one problem");
        e.problems().forEach(p -> assertFalse(p.toString().isBlank()));
        invalid++;
      } catch (RuntimeException | StackOverflowError e) {
        fail("seed " + seed + " mutant " + i + " raised " + e + "\n---\n" + text, e);
      }
    }
    assertTrue(invalid > 300, "most mutants are invalid: " + invalid + " invalid, " + valid + " valid");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void randomBytesAreInvalidPlans(int seed) {
    Random random = new Random(seed);
    PlanLoader loader = new PlanLoader();
    for (int i = 0; i < 300; i++) {
      byte[] bytes = new byte[random.nextInt(400)];
      random.nextBytes(bytes);
      String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      try {
        loader.parse(text, "fuzz", random.nextBoolean(), BASE);
      } catch (InvalidPlanException e) {
        assertFalse(e.problems().isEmpty());
      } catch (RuntimeException e) {
        fail("seed " + seed + " input " + i + " raised " + e, e);
      }
    }
  }

  /** Found by the fuzzing above: a metrics path that is printable but no URL path crashed. */
  @org.junit.jupiter.api.Test
  void aMetricsPathThatIsNoUrlPathIsAProblemNamingIt() {
    InvalidPlanException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidPlanException.class,
        () -> new PlanLoader().parse(
            "name: p\ntarget: {base-url: 'http://127.0.0.1:1', metrics: {url: '/me{trics'}}\n"
                + "endpoints: [{name: a, path: /a, variants: [{name: b}]}]", "t", false, null));
    org.junit.jupiter.api.Assertions.assertEquals(
        "target.metrics.url: is not a valid URL path: Illegal character in path at index 3",
        e.problems().get(0).toString());
  }

  private static String mutate(String plan, Random random) {
    List<String> lines = new ArrayList<>(Arrays.asList(plan.split("\n", -1)));
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      switch (random.nextInt(6)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> {
          int cut = line.isEmpty() ? 0 : random.nextInt(line.length() + 1);
          lines.set(at, line.substring(0, cut) + TOKENS[random.nextInt(TOKENS.length)] + line.substring(cut));
        }
        case 3 -> lines.set(at, line.replaceAll("[0-9]+", String.valueOf(random.nextInt(2000) - 1000)));
        case 4 -> {
          if (!line.isEmpty()) {
            char[] chars = line.toCharArray();
            chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
            lines.set(at, new String(chars));
          }
        }
        default -> {
          String text = String.join("\n", lines);
          return text.substring(0, random.nextInt(text.length() + 1));
        }
      }
      if (lines.isEmpty()) {
        return "";
      }
    }
    return String.join("\n", lines);
  }
}
