package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PassportSchema;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.vertx.core.impl.ContextInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines and regressions end to end, on a loopback target that can be slowed on command and
 * whose metrics report a chosen memory figure.
 */
@QuarkusMainTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegressionEndToEndTest {

  private static final AtomicLong DELAY_MICROS = new AtomicLong(20_000);
  private static final AtomicLong MEMORY = new AtomicLong(100_000_000);
  private static LoopbackServer target;
  @TempDir static Path dir;

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

  private LaunchResult run(QuarkusMainLauncher launcher, String... extra) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        name: regressions
        target:
          base-url: %s
          metrics: {url: /metrics, interval: 100ms}
        defaults:
          load: {concurrency: 4, requests: 250, warmup: 20, rounds: 5}
          thresholds: {max-error-rate: 0}
        endpoints:
          - name: items
            path: /items
            variants: [{name: list}, {name: page, query: page=2}]
        """.formatted(target.baseUrl()));
    List<String> args = new java.util.ArrayList<>(List.of("run", "--plan", plan.toString(), "--passport-dir",
        dir.resolve("passports").toString(), "--fail-on", "regression"));
    args.addAll(List.of(extra));
    return launcher.launch(args.toArray(String[]::new));
  }

  private static JsonNode latest() throws Exception {
    return PassportSchema.assertValid(dir.resolve("passports").resolve("latest.json"));
  }

  @Test
  @Order(1)
  void sameTargetPassesAndASlowdownOrLargerPeakIsFlagged(QuarkusMainLauncher launcher) throws Exception {
    for (int i = 0; i < 5; i++) {
      LaunchResult result = run(launcher);
      assertEquals(0, result.exitCode(), "run " + i + ": " + result.getOutput());
      JsonNode summary = latest().path("summary");
      if (i > 0) {
        assertEquals(0, summary.path("performance_regressions").asInt(), "same target twice: " + result.getOutput());
        assertEquals(0, summary.path("memory_regressions").asInt());
        assertEquals("latest-passing", summary.at("/baseline/source").asText());
      }
    }

    DELAY_MICROS.set(26_000);
    MEMORY.set(200_000_000);
    Path markdown = dir.resolve("summary.md");
    LaunchResult slowed = run(launcher, "--summary-md", markdown.toString());
    assertEquals(1, slowed.exitCode(), slowed.getOutput());
    JsonNode passport = latest();
    assertEquals(2, passport.at("/summary/performance_regressions").asInt(), slowed.getOutput());
    assertEquals(2, passport.at("/summary/memory_regressions").asInt());
    JsonNode p50 = passport.at("/test_results/0/comparison/metrics/0");
    assertEquals("p50_ms", p50.path("metric").asText());
    assertEquals("regression", p50.path("finding").asText());
    assertTrue(p50.path("relative_change").asDouble() > 0.1, p50.toString());
    assertTrue(p50.path("interval_low").asDouble() > 0.05, p50.toString());

    String md = Files.readString(markdown);
    assertTrue(md.startsWith("## Cartographer: ❌ PASS with regressions"), md);
    assertTrue(md.indexOf("### Regressions") < md.indexOf("### Variants"), md);
    assertTrue(md.contains("| items/list | p50_ms |"), md);
    assertTrue(md.contains("| items/page | memory_peak_bytes |"), md);
  }

  @Test
  @Order(2)
  void compareTwoPassportsFromTheCommandLine(QuarkusMainLauncher launcher) throws Exception {
    Path passports = dir.resolve("passports");
    List<Path> files;
    try (Stream<Path> s = Files.list(passports)) {
      files = s.filter(p -> p.getFileName().toString().matches("\\d{8}T.*\\.json")).sorted().toList();
    }
    assertEquals(6, files.size(), "the runs of the first test");
    LaunchResult result = launcher.launch("compare", files.get(5).toString(), files.get(4).toString());
    assertEquals(1, result.exitCode(), "the slowed run regressed against the one before: " + result.getOutput());
    assertTrue(result.getOutput().contains("items/list"), result.getOutput());
    assertTrue(result.getOutput().contains("regression"), result.getOutput());
  }
}
