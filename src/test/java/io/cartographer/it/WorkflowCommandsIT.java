package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cartographer.cli.CartographerMain;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PassportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example workflow parses, and the commands it runs exist: its probe command runs for real
 * against the embedded demo target, twice (the second time with a baseline), and writes what the
 * later steps read.
 */
class WorkflowCommandsIT {

  private static final Path WORKFLOW = Path.of(".github", "workflows", "performance.yml");

  @TempDir Path workdir;

  @Test
  void workflowParsesAndItsProbeCommandRunsAgainstTheDemo() throws Exception {
    JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
    JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");
    assertTrue(on.has("push") && on.has("pull_request") && on.has("schedule"), on.toString());
    JsonNode steps = workflow.at("/jobs/probe/steps");
    List<String> runs = new ArrayList<>();
    steps.forEach(s -> runs.add(s.path("run").asText()));
    String probe = runs.stream().filter(r -> r.startsWith("bin/cartographer ")).findFirst().orElseThrow();
    List<String> args = Arrays.asList(probe.substring("bin/cartographer ".length()).split(" "));
    CartographerMain.checkArguments(args.toArray(String[]::new));
    assertTrue(args.containsAll(List.of("--fail-on", "regression", "--summary-md", "summary.md")), probe);
    steps.forEach(s -> {
      if (s.path("uses").asText().startsWith("actions/upload-artifact")) {
        assertEquals(30, s.at("/with/retention-days").asInt());
      }
    });
    assertTrue(runs.stream().anyMatch(r -> r.contains("gh pr comment") && r.contains("--body-file summary.md")));

    for (int round = 1; round <= 2; round++) {
      Process process = PackagedJar.start(workdir, workdir.resolve("probe-" + round + ".log"), Map.of(),
          args.toArray(String[]::new));
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
      String log = Files.readString(workdir.resolve("probe-" + round + ".log"));
      // 1: a threshold or a regression; 5: the environment made the regression verdict inconclusive
      assertTrue(List.of(0, 1, 5).contains(process.exitValue()), "exit " + process.exitValue() + ": " + log);
      JsonNode latest = PassportSchema.assertValid(workdir.resolve("passports").resolve("latest.json"));
      String md = Files.readString(workdir.resolve("summary.md"));
      assertTrue(md.startsWith("## Cartographer:"), md);
      assertTrue(md.contains("### Variants"), md);
      if (round == 2) {
        assertTrue(latest.at("/summary/baseline/id").isTextual(), "the second run has a baseline");
      }
      // The demo's metrics are a JVM's: every efficiency figure is there, per request, for each
      // variant that outlasted the reading at its start (a variant of a few milliseconds may end
      // before the target has answered it: then no request lies between the readings, and the
      // passport says so instead of giving a figure).
      int measured = 0;
      for (JsonNode result : latest.path("test_results")) {
        JsonNode efficiency = result.path("target_efficiency");
        assertEquals("jvm", efficiency.path("runtime").asText(), result.toString());
        if (efficiency.path("requests").asLong() == 0) {
          assertTrue(result.at("/not_measured/target_efficiency.cpu").asText().startsWith("no request completed between"),
              result.toString());
          continue;
        }
        measured++;
        assertTrue(efficiency.path("cpu_seconds_per_1k_requests").isNumber(), efficiency.toString());
        assertTrue(efficiency.path("alloc_per_request").asDouble() > 0, efficiency.toString());
        assertEquals("bytes", efficiency.path("alloc_unit").asText(), efficiency.toString());
        assertTrue(efficiency.path("gc_collections_per_1k_requests").isNumber(), efficiency.toString());
        assertTrue(efficiency.path("open_fds_delta").isIntegralNumber(), efficiency.toString());
      }
      assertTrue(measured > 0, "the two-second stress variants outlast any reading: " + latest.path("test_results"));
    }
  }
}
