package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PackagedJar.Result;
import io.cartographer.testing.PassportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes CI and CronJobs act on, from the packaged jar as users start it. */
class CliExitCodeIT {

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
  void passingRunExitsZeroPrintsTheTableAndWritesAValidPassport() throws Exception {
    Path passports = dir.resolve("pass");
    Result result = PackagedJar.run(dir, "run", "--plan", plan("pass.yaml", "2s").toString(), "--passport-dir", passports.toString());
    assertEquals(0, result.exitCode(), result.transcript());
    String out = result.output();
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
    // The target's metrics have no CPU or allocation counters: said, never written as 0.
    assertTrue(open.at("/target_efficiency/cpu_seconds_per_1k_requests").isNull(), open.toString());
    assertTrue(open.at("/not_measured/target_efficiency.cpu").asText().startsWith("the target exposes none of"),
        open.toString());
    assertTrue(open.at("/service_time_ms/p50").isNumber());
    assertEquals(1.0, passport.at("/summary/deterministic_score").asDouble());
  }

  @Test
  void failedVerdictExitsOneAndSaysWhy() throws Exception {
    Path passports = dir.resolve("fail");
    Result result = PackagedJar.run(dir, "run", "--plan", plan("fail.yaml", "1us").toString(), "--passport-dir", passports.toString());
    assertEquals(1, result.exitCode(), result.transcript());
    assertTrue(result.output().contains("FAIL: 0 of 3 variants passed"), result.output());
    assertTrue(result.output().contains("above limit 1us"), result.output());
    PassportSchema.assertValid(passportFiles(passports).get(0));
  }

  @Test
  void invalidPlanExitsTwoNamingTheField() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), PLAN.formatted(target.baseUrl(), "2s").replace("concurrency: 2", "concurrency: -3"));
    Result result = PackagedJar.run(dir, "run", "--plan", bad.toString(), "--passport-dir", dir.resolve("bad").toString());
    assertEquals(2, result.exitCode(), result.transcript());
    assertTrue(result.errorOutput().contains("defaults.load.concurrency: must be >= 1"), result.errorOutput());
    assertTrue(Files.notExists(dir.resolve("bad")), "nothing is written for an invalid plan");
  }

  @Test
  void unreachableTargetExitsThree() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path plan = Files.writeString(dir.resolve("unreachable.yaml"),
        PLAN.formatted("http://127.0.0.1:" + closedPort, "2s"));
    Path passports = dir.resolve("unreachable");
    Result result = PackagedJar.run(dir, "run", "--plan", plan.toString(), "--passport-dir", passports.toString());
    assertEquals(3, result.exitCode(), result.transcript());
    assertTrue(result.output().contains("top error connect x"), "the table says why: " + result.output());
    var passport = PassportSchema.assertValid(passportFiles(passports).get(0));
    assertTrue(passport.at("/test_results/0/errors/connect").asLong() > 0, passport.toString());
  }

  @Test
  void probeOfOneUrlPrintsTheTableAndKeepsAPassportOnlyWhenAsked() throws Exception {
    Result probe = PackagedJar.run(dir, "probe", target.baseUrl() + "/health?x=1", "-n", "60", "-c", "2");
    assertEquals(0, probe.exitCode(), probe.transcript());
    assertTrue(probe.output().contains("url/probe") && probe.output().contains("PASS: 1 of 1 variants passed, 60 requests"),
        probe.transcript());
    assertTrue(probe.output().contains("passport: not kept"), probe.output());
    assertTrue(!probe.output().contains(" INFO "), "logs go to stderr, results to stdout: " + probe.output());
    Path kept = dir.resolve("probe-kept");
    Result keeping = PackagedJar.run(dir, "probe", target.baseUrl() + "/health", "-n", "20", "--max-p99", "1us",
        "--passport-dir", kept.toString());
    assertEquals(1, keeping.exitCode(), keeping.transcript());
    PassportSchema.assertValid(passportFiles(kept).get(0));
    Result bad = PackagedJar.run(dir, "probe", "ftp://nowhere/");
    assertEquals(2, bad.exitCode(), bad.transcript());
    assertTrue(bad.errorOutput().contains("is not an http:// or https:// URL"), bad.transcript());
  }

  @Test
  void aRunPushesItsSeriesToAPushgatewayAndAFailedPushLeavesTheVerdict() throws Exception {
    java.util.List<String> pushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger(200);
    try (LoopbackServer gateway = LoopbackServer.start(req -> req.body().onSuccess(body -> {
      pushes.add(req.method() + " " + req.path() + "\n" + body.toString());
      req.response().setStatusCode(answer.get()).end();
    }))) {
      Result pushed = PackagedJar.run(dir, "run", "--plan", plan("push.yaml", "2s").toString(),
          "--passport-dir", dir.resolve("push").toString(), "--push-gateway", gateway.baseUrl().toString());
      assertEquals(0, pushed.exitCode(), pushed.transcript());
      assertEquals(1, pushes.size(), pushes.toString());
      String push = pushes.get(0);
      assertTrue(push.startsWith("PUT /metrics/job/cartographer/plan/cli-test\n"), push);
      assertTrue(push.contains("cartographer_variant_latency_p99_seconds{") && push.contains("cartographer_run_passed{"), push);
      assertTrue(!push.contains("jvm_") && !push.contains("cartographer_run_in_progress"), "only the run's own series: " + push);
      assertTrue(pushed.output().contains("pushed to " + gateway.baseUrl() + "/metrics/job/cartographer/plan/cli-test"),
          pushed.output());
      answer.set(500);
      Result refused = PackagedJar.run(dir, "run", "--plan", plan("push-fail.yaml", "1us").toString(),
          "--passport-dir", dir.resolve("push-fail").toString(), "--push-gateway", gateway.baseUrl().toString());
      assertEquals(1, refused.exitCode(), "the verdict's code, not the push's: " + refused.transcript());
      assertTrue(refused.errorOutput().contains("failed: the gateway answered 500"), refused.transcript());
    }
    Result bad = PackagedJar.run(dir, "run", "--plan", plan("push-bad.yaml", "2s").toString(), "--push-gateway", "pushgateway:9091");
    assertEquals(2, bad.exitCode(), bad.transcript());
  }

  @Test
  void onATerminalTheProgressLineRedrawsInPlaceWithElapsedTimeAndIsClearedBeforeTheTable() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.cartographer.testing.Programs.onPath("script"),
        "util-linux's script (a pseudo-terminal) is not installed");
    Path plan = Files.writeString(dir.resolve("progress.yaml"), """
        name: progress-test
        target: {base-url: %s}
        endpoints:
          - name: health
            path: /health
            variants:
              - {name: long, load: {concurrency: 2, duration: 3s, warmup: 4, timeout: 2s}}
        """.formatted(target.baseUrl()));
    Result tty = PackagedJar.runOnTerminal(dir, java.time.Duration.ofMinutes(2),
        "run", "--plan", plan.toString(), "--passport-dir", dir.resolve("progress").toString());
    String screen = tty.output();
    assertEquals(0, tty.exitCode(), screen);
    String redraw = "\r\u001b[K";
    java.util.regex.Matcher line = java.util.regex.Pattern
        .compile(java.util.regex.Pattern.quote(redraw) + "variant 1/1 health/long \\| \\d+ rps \\| \\d+ requests, 0 errors \\| (\\d+)s")
        .matcher(screen);
    List<Integer> elapsed = new java.util.ArrayList<>();
    while (line.find()) {
      elapsed.add(Integer.parseInt(line.group(1)));
    }
    assertTrue(elapsed.size() >= 2, "one line redrawn every second of a 3 s variant: " + elapsed + "\n" + screen);
    assertTrue(elapsed.get(elapsed.size() - 1) > elapsed.get(0), "the elapsed time moves on: " + elapsed);
    int table = screen.indexOf("VARIANT");
    assertTrue(table > 0 && screen.lastIndexOf(redraw) < table, "the line is erased before the table: " + screen);
    assertTrue(!screen.substring(table).contains("variant 1/1"), "no progress after the table: " + screen);

    Result plain = PackagedJar.run(dir, "run", "--plan", plan.toString(), "--passport-dir", dir.resolve("progress").toString());
    assertEquals(0, plain.exitCode(), plain.transcript());
    assertTrue(!plain.errorOutput().contains("\u001b[") && !plain.output().contains("\u001b["),
        "no control sequences when not on a terminal: " + plain.transcript());
  }

  @Test
  void aWindowThatAbortsTheRunStopsItExitsOneAndThePassportSaysWhy() throws Exception {
    java.util.concurrent.atomic.AtomicLong first = new java.util.concurrent.atomic.AtomicLong();
    // answers at once for 1.5 s after its first request, then each answer takes 2 s
    try (LoopbackServer stalling = LoopbackServer.start(req -> {
      long now = System.nanoTime();
      first.compareAndSet(0, now);
      if (now - first.get() > 1_500_000_000L) {
        io.vertx.core.Vertx.currentContext().owner().setTimer(2000, t -> req.response().end("late"));
      } else {
        req.response().end("ok");
      }
    })) {
      Path plan = Files.writeString(dir.resolve("abort.yaml"), """
          name: abort-test
          target: {base-url: %s}
          defaults:
            load: {model: open, rate: 50/s, duration: 8s, warmup: 0, timeout: 3s, max-connections: 256}
            thresholds:
              windows: [{max-p99: 300ms, window: 2s, abort-on-fail: true, abort: run, grace: 1s}]
          endpoints:
            - name: items
              path: /items
              variants: [{name: first}, {name: never}]
          """.formatted(stalling.baseUrl()));
      Path passports = dir.resolve("abort");
      Result result = PackagedJar.run(dir, "run", "--plan", plan.toString(), "--passport-dir", passports.toString());
      assertEquals(1, result.exitCode(), result.transcript());
      assertTrue(result.errorOutput().contains("aborted (abort-on-fail: items/first: p99 over the last 2s"), result.transcript());
      List<Path> written = passportFiles(passports);
      assertEquals(1, written.size(), result.transcript());
      PassportSchema.assertValid(written.get(0));
      com.fasterxml.jackson.databind.JsonNode passport = new com.fasterxml.jackson.databind.ObjectMapper().readTree(written.get(0).toFile());
      assertEquals("aborted", passport.path("status").asText());
      assertEquals(1, passport.path("test_results").size(), "the run stopped after the first variant");
      com.fasterxml.jackson.databind.JsonNode firstVariant = passport.path("test_results").get(0);
      assertTrue(firstVariant.path("stopped_because").asText().startsWith("abort-on-fail: items/first"), firstVariant.toString());
      assertTrue(passport.path("performance_guarantee").path("regression_note").asText().contains("abort-on-fail"),
          passport.path("performance_guarantee").toString());
      boolean windowFailed = false;
      for (com.fasterxml.jackson.databind.JsonNode check : firstVariant.path("checks")) {
        windowFailed |= check.path("metric").asText().equals("window_p99_ms") && !check.path("passed").asBoolean();
      }
      assertTrue(windowFailed, firstVariant.path("checks").toString());
    }
  }

  @Test
  void helpAndVersionAnswerWithoutStartingTheApplication() throws Exception {
    Result help = PackagedJar.run(dir, "run", "--help");
    assertEquals(0, help.exitCode(), help.transcript());
    assertTrue(help.output().startsWith("usage: cartographer run [-hV]"), help.transcript());
    assertTrue(!help.transcript().contains("Listening on") && !help.transcript().contains("started in"),
        "no application, no server: " + help.transcript());
    Result version = PackagedJar.run(dir, "--version");
    assertEquals(0, version.exitCode(), version.transcript());
    assertTrue(version.output().matches("cartographer \\d+\\.\\d+\\.\\d+\\S*\\R"), version.transcript());
  }

  @Test
  void aSettingThatDoesNotConvertExitsTwoNotOne() throws Exception {
    Result result = PackagedJar.run(dir, java.time.Duration.ofMinutes(2),
        java.util.Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND", "-Dcartographer.retention.max-age=banana"),
        "run", "--plan", plan("setting.yaml", "2s").toString(), "--passport-dir", dir.resolve("setting").toString());
    assertEquals(2, result.exitCode(), result.transcript());
    assertTrue(result.transcript().contains("cartographer.retention.max-age"), result.transcript());
  }

  @Test
  void aPortAlreadyInUseExitsFourTheProbeFailed() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Result result = PackagedJar.run(dir, java.time.Duration.ofMinutes(2),
          java.util.Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND", "-Dquarkus.http.port=" + taken.getLocalPort()),
          // The built-in demo's run: the one one-shot command that listens (a plan file's run opens no port).
          "run", "--passport-dir", dir.resolve("port").toString());
      assertEquals(4, result.exitCode(), result.transcript());
      assertTrue(result.transcript().contains("in use"), result.transcript());
    }
  }

  @Test
  void aRunStoppedBySigtermExits143AndKeepsWhatItMeasured() throws Exception {
    Path plan = Files.writeString(dir.resolve("long.yaml"), PLAN.formatted(target.baseUrl(), "2s")
        .replace("requests: 40", "duration: 60s"));
    Path passports = dir.resolve("stopped");
    Path log = dir.resolve("stopped.log");
    Process run = PackagedJar.start(dir, log, java.util.Map.of(), "run", "--plan", plan.toString(),
        "--passport-dir", passports.toString());
    try {
      org.awaitility.Awaitility.await("the first variant runs").atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(100))
          .until(() -> Files.readString(log).contains("health/basic") || !run.isAlive());
      run.destroy(); // SIGTERM
      assertTrue(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
      assertEquals(143, run.exitValue(), Files.readString(log));
      assertTrue(Files.readString(log).contains("aborted"), Files.readString(log));
      PassportSchema.assertValid(passportFiles(passports).get(0));
    } finally {
      run.destroyForcibly();
    }
  }

  @Test
  void unwritablePassportDirectoryExitsTwo() throws Exception {
    Path blocker = Files.writeString(dir.resolve("blocker"), "a file");
    Result result = PackagedJar.run(dir, "run", "--plan", plan("ok.yaml", "2s").toString(), "--passport-dir", blocker.resolve("x").toString());
    assertEquals(2, result.exitCode(), result.transcript());
    assertTrue(result.errorOutput().contains("is not writable"), result.errorOutput());
  }

  @Test
  void compareOfADamagedPassportExitsTwoNamingTheProperty() throws Exception {
    byte[] good = io.cartographer.passport.PassportJson.write(io.cartographer.testing.TestPassports.passport(
        java.time.Instant.parse("2026-11-26T10:00:00Z"), "0000000a"));
    Path baseline = Files.write(dir.resolve("baseline.json"), good);
    String renamed = new String(good, java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"succeeded\"", "\"succeeded_requests\"");
    Path damaged = Files.writeString(dir.resolve("damaged.json"), renamed);
    Result result = PackagedJar.run(dir, "compare", damaged.toString(), baseline.toString());
    assertEquals(2, result.exitCode(), result.transcript());
    assertTrue(result.errorOutput().contains("is not a readable passport: test_results[0].succeeded: missing or null"),
        result.errorOutput());
    assertEquals(0, PackagedJar.run(dir, "compare", baseline.toString(), baseline.toString()).exitCode());
  }

  @Test
  void unknownOptionExitsTwoWithUsage() throws Exception {
    Result result = PackagedJar.run(dir, "run", "--plna", "x.yaml");
    assertEquals(2, result.exitCode(), result.transcript());
    assertTrue(result.errorOutput().contains("Unknown option") && result.errorOutput().contains("'--plna'"), result.errorOutput());
    assertTrue(result.errorOutput().contains("usage: cartographer"), result.errorOutput());
  }

  private static List<Path> passportFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}\\.json")).toList();
    }
  }
}
