package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PassportSchema;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes CI and CronJobs act on, from the real entry point. */
@QuarkusMainTest
class CliExitCodeTest {

  private static final String PLAN =
      """
      name: cli-test
      target:
        base-url: %s
        metrics: {url: /metrics, interval: 50ms}
      defaults:
        load: {concurrency: 2, requests: 40, warmup: 4, timeout: 2s}
        thresholds: {max-p99: %s, max-error-rate: 0}
      endpoints:
        - name: health
          path: /health
          variants:
            - {name: basic}
            - {name: edge, family: edge, query: 'x=%%7E'}
            - name: arrivals
              family: stress
              load: {model: open, rate: 200/s, duration: 500ms, max-connections: 8, warmup: 10}
      """;

  private static LoopbackServer target;
  @TempDir static Path dir;

  @BeforeAll
  static void startTarget() throws Exception {
    target = LoopbackServer.start(req -> {
      if (req.path().equals("/metrics")) {
        req.response().end("# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 123456789\n");
      } else {
        io.vertx.core.Vertx.currentContext().owner().setTimer(2, t -> req.response().end("{\"status\":\"UP\"}"));
      }
    });
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  private static Path plan(String name, String maxP99) throws Exception {
    return Files.writeString(dir.resolve(name), PLAN.formatted(target.baseUrl(), maxP99));
  }

  @Test
  void passingRunExitsZeroPrintsTheTableAndWritesAValidPassport(QuarkusMainLauncher launcher) throws Exception {
    Path passports = dir.resolve("pass");
    LaunchResult result = launcher.launch("run", "--plan", plan("pass.yaml", "2s").toString(), "--passport-dir", passports.toString());
    assertEquals(0, result.exitCode(), result.getErrorOutput());
    String out = result.getOutput();
    assertTrue(out.contains("health/basic"), out);
    assertTrue(out.contains("PASS: 3 of 3 variants passed, 180 requests, 0 errors"), out);
    List<Path> written = passportFiles(passports);
    assertEquals(1, written.size());
    assertTrue(out.contains("passport: " + written.get(0)), out);
    var passport = PassportSchema.assertValid(written.get(0));
    PassportSchema.assertValid(passports.resolve("latest.json"));
    var open = passport.at("/test_results/2");
    assertEquals(100, open.at("/open_model/intended").asLong());
    assertEquals(123456789, open.at("/memory/target/peak_bytes").asLong());
    assertEquals(0, open.at("/memory/target/delta_bytes").asLong());
    assertTrue(open.at("/service_time_ms/p50").isNumber());
    assertEquals(1.0, passport.at("/summary/deterministic_score").asDouble());
  }

  @Test
  void failedVerdictExitsOneAndSaysWhy(QuarkusMainLauncher launcher) throws Exception {
    Path passports = dir.resolve("fail");
    LaunchResult result = launcher.launch("run", "--plan", plan("fail.yaml", "1us").toString(), "--passport-dir", passports.toString());
    assertEquals(1, result.exitCode(), result.getErrorOutput());
    assertTrue(result.getOutput().contains("FAIL: 0 of 3 variants passed"), result.getOutput());
    assertTrue(result.getOutput().contains("above limit 1us"), result.getOutput());
    PassportSchema.assertValid(passportFiles(passports).get(0));
  }

  @Test
  void invalidPlanExitsTwoNamingTheField(QuarkusMainLauncher launcher) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), PLAN.formatted(target.baseUrl(), "2s").replace("concurrency: 2", "concurrency: -3"));
    LaunchResult result = launcher.launch("run", "--plan", bad.toString(), "--passport-dir", dir.resolve("bad").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.getErrorOutput().contains("defaults.load.concurrency: must be >= 1"), result.getErrorOutput());
    assertTrue(Files.notExists(dir.resolve("bad")), "nothing is written for an invalid plan");
  }

  @Test
  void unwritablePassportDirectoryExitsTwo(QuarkusMainLauncher launcher) throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file");
    LaunchResult result = launcher.launch("run", "--plan", plan("ok.yaml", "2s").toString(), "--passport-dir", blocker.resolve("x").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.getErrorOutput().contains("is not writable"), result.getErrorOutput());
  }

  @Test
  void unknownOptionExitsTwoWithUsage(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("run", "--plna", "x.yaml");
    assertEquals(2, result.exitCode());
    assertTrue(result.getErrorOutput().contains("'run' has no option --plna"), result.getErrorOutput());
    assertTrue(result.getErrorOutput().contains("usage: cartographer"), result.getErrorOutput());
  }

  @Test
  void helpExitsZero(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("help");
    assertEquals(0, result.exitCode());
    assertTrue(result.getOutput().contains("exit codes: 0 passed"), result.getOutput());
  }

  private static List<Path> passportFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json")).toList();
    }
  }
}
