package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PackagedJar.Result;
import io.cartographer.testing.PassportSchema;
import io.vertx.core.impl.ContextInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines and regressions end to end, on a loopback target that can be slowed on command and
 * whose metrics report a chosen memory figure, from the packaged jar: the target runs in this JVM,
 * the probe in its own.
 */
class RegressionEndToEndIT {

  private static final AtomicLong DELAY_MICROS = new AtomicLong(10_000);
  private static final AtomicLong MEMORY = new AtomicLong(100_000_000);
  private static LoopbackServer target;

  @BeforeAll
  static void startTarget() throws Exception {
    target = LoopbackServer.start(req -> {
      if (req.path().equals("/metrics")) {
        req.response().end("process_resident_memory_bytes " + MEMORY.get() + "\n");
      } else {
        ((ContextInternal) io.vertx.core.Vertx.currentContext()).nettyEventLoop()
            .schedule(() -> req.response().end("ok"), DELAY_MICROS.get(), TimeUnit.MICROSECONDS);
      }
    }, 2);
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  @BeforeEach
  void unchangedTarget() {
    DELAY_MICROS.set(10_000);
    MEMORY.set(100_000_000);
  }

  /**
   * The plan judges every metric with a 25 % tolerance: the test proves the pipeline (baseline
   * chosen, regression found, counted, exit code, Markdown), so the change it must find (twice the
   * latency, twice the memory) is far beyond both the tolerance and anything a busy machine does
   * to two identical runs. How often the default 5 % verdict cries wolf is measured in
   * {@code bench/false-alarms.sh}, not here.
   */
  private static Result run(Path dir, String... extra) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        name: regressions
        target:
          base-url: %s
          metrics: {url: /metrics, interval: 100ms}
        defaults:
          load: {concurrency: 4, requests: 200, warmup: 20, rounds: 5}
          thresholds: {max-error-rate: 0}
          regression: {tolerance: 0.25}
        endpoints:
          - name: items
            path: /items
            variants: [{name: list}, {name: page, query: page=2}]
        """.formatted(target.baseUrl()));
    List<String> args = new java.util.ArrayList<>(List.of("run", "--plan", plan.toString(), "--passport-dir",
        dir.resolve("passports").toString(), "--fail-on", "regression"));
    args.addAll(List.of(extra));
    return PackagedJar.run(dir, args.toArray(String[]::new));
  }

  private static void olderCopiesOfTheFirstRun(Path passports, int copies) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Path first;
    try (Stream<Path> s = Files.list(passports)) {
      first = s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json")).findFirst().orElseThrow();
    }
    JsonNode passport = json.readTree(first.toFile());
    java.time.Instant started = java.time.Instant.parse(passport.path("started_at").asText());
    for (int i = 1; i <= copies; i++) {
      java.time.Instant at = started.minusSeconds(60L * i);
      String runId = String.format("5eed%04x", i);
      String id = io.cartographer.passport.PassportId.of(at, runId);
      com.fasterxml.jackson.databind.node.ObjectNode copy = passport.deepCopy();
      copy.put("id", id).put("run_id", runId).put("started_at", at.toString())
          .put("finished_at", at.plusSeconds(5).toString());
      Files.writeString(passports.resolve(id + ".json"), json.writeValueAsString(copy));
    }
  }

  private static JsonNode latest(Path dir) throws Exception {
    return PassportSchema.assertValid(dir.resolve("passports").resolve("latest.json"));
  }

  @Test
  void sameTargetPassesAndASlowdownOrLargerPeakIsFlaggedByRunAndCompare(@TempDir Path dir)
      throws Exception {
    // Memory is judged only once a variant has a history of five clean measurements: the first
    // run's passport is copied three times as older runs, so that two real unchanged runs get
    // there. An unchanged run that looks regressed is measured again by the probe itself
    // (--confirm, default 1) before it may fail.
    for (int i = 0; i < 2; i++) {
      if (i == 1) {
        olderCopiesOfTheFirstRun(dir.resolve("passports"), 3);
      }
      Result result = run(dir);
      assertEquals(0, result.exitCode(), "run " + i + ": " + result.transcript());
      JsonNode summary = latest(dir).path("summary");
      if (i > 0) {
        assertEquals(0, summary.path("performance_regressions").asInt(), "same target twice: " + result.transcript());
        assertEquals(0, summary.path("memory_regressions").asInt());
        assertEquals("latest-clean", summary.at("/baseline/source").asText());
      }
    }

    DELAY_MICROS.set(20_000);
    MEMORY.set(200_000_000);
    Path markdown = dir.resolve("summary.md");
    Result slowed = run(dir, "--summary-md", markdown.toString());
    assertEquals(1, slowed.exitCode(), slowed.transcript());
    JsonNode passport = latest(dir);
    assertTrue(passport.at("/summary/performance_regressions").asInt() >= 2, slowed.transcript());
    assertEquals(2, passport.at("/summary/memory_regressions").asInt());
    JsonNode list = passport.at("/test_results/0");
    assertEquals(1, list.path("attempts").size(), "measured again once before the regression was reported: " + list);
    assertTrue(list.at("/attempts/0/regressed").toString().contains("p50_ms"), list.path("attempts").toString());
    assertTrue(list.at("/comparison/baseline_id").isTextual(), list.path("comparison").toString());
    assertEquals("regression", passport.at("/summary/regression_verdict").asText());
    JsonNode p50 = passport.at("/test_results/0/comparison/metrics/0");
    assertEquals("p50_ms", p50.path("metric").asText());
    assertEquals("regression", p50.path("finding").asText());
    assertTrue(p50.path("relative_change").asDouble() > 0.5, p50.toString());
    assertTrue(p50.path("interval_low").asDouble() > 0.25, p50.toString());

    String md = Files.readString(markdown);
    assertTrue(md.startsWith("## Cartographer: ❌ PASS with regressions"), md);
    assertTrue(md.indexOf("### Regressions") < md.indexOf("### Variants"), md);
    assertTrue(md.contains("| items/list | p50_ms |"), md);
    assertTrue(md.contains("| items/page | memory_peak_bytes |"), md);
    assertTrue(md.contains("| Target CPU ms/req | Target alloc B/req | Memory growth B/req |"), md);

    // the CLI's compare of the same two passports agrees
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("passports"))) {
      files = s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json")).sorted().toList();
    }
    Result compared =
        PackagedJar.run(dir, "compare", files.get(files.size() - 1).toString(), files.get(files.size() - 2).toString());
    assertEquals(1, compared.exitCode(), "the slowed run regressed against the one before: " + compared.transcript());
    assertTrue(compared.output().contains("items/list"), compared.output());
    assertTrue(compared.output().contains("regression"), compared.output());
  }
}
