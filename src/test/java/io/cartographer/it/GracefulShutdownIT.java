package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PassportSchema;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.TestPassports;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a run, against the packaged service: the run stops within the abort grace,
 * stores what it measured as an {@code aborted} passport (never a pass, never a baseline), and
 * {@code latest.json} keeps naming the last complete passport.
 */
class GracefulShutdownIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void sigtermDuringARunStoresAnAbortedPassportAndLeavesLatestAlone() throws Exception {
    try (LoopbackServer target =
        LoopbackServer.start(req -> req.response().end("{\"ok\":true}"))) {
      Run run = startRunAndTerminate(target, "2s", "20s");
      assertTrue(run.exitedWithin.compareTo(Duration.ofSeconds(12)) < 0, "stopped in " + run.exitedWithin);

      List<PassportListing> items = new PassportStore(dir.resolve("passports")).list(10, null).items();
      assertEquals(2, items.size(), items.toString());
      PassportListing aborted = items.get(0);
      assertEquals(io.cartographer.passport.Passport.Status.ABORTED, aborted.status());
      assertEquals(io.cartographer.verdict.Verdict.FAIL, aborted.verdict());
      assertFalse(aborted.isCleanPass());
      JsonNode passport = PassportSchema.assertValid(dir.resolve("passports").resolve(aborted.id() + ".json"));
      assertTrue(passport.at("/performance_guarantee/regression_note").asText()
          .startsWith("aborted: the process is shutting down; 1 of 3 variants ran"), passport.toString());
      assertTrue(passport.at("/test_results/0/requests").asLong() > 0);
      assertEquals(run.completeId, JSON.readTree(dir.resolve("passports").resolve("latest.json").toFile())
          .path("id").asText(), "latest.json still names the complete passport");
      assertNoTemporaryFiles();
    }
  }

  @Test
  void requestsThatNeverEndAreAbandonedAfterTheGraceAndNothingIsStored() throws Exception {
    try (LoopbackServer silent = LoopbackServer.start(req -> { })) {
      Run run = startRunAndTerminate(silent, "1s", "20s");
      assertTrue(run.exitedWithin.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + run.exitedWithin);
      List<PassportListing> items = new PassportStore(dir.resolve("passports")).list(10, null).items();
      assertEquals(List.of(run.completeId), items.stream().map(PassportListing::id).toList(),
          "no variant ended, so no passport is stored");
      assertTrue(log().contains("aborted (the process is shutting down): no variant ended"), log());
      assertEquals(run.completeId, JSON.readTree(dir.resolve("passports").resolve("latest.json").toFile())
          .path("id").asText());
      assertNoTemporaryFiles();
    }
  }

  private record Run(String completeId, Duration exitedWithin) {}

  /**
   * Stores one complete passport, starts the service over it with a plan of three long variants
   * against {@code target}, starts a run, waits until it is loading, then sends SIGTERM.
   */
  private Run startRunAndTerminate(LoopbackServer target, String grace, String variantDuration) throws Exception {
    Path passports = dir.resolve("passports");
    String completeId = new PassportStore(passports).write(TestPassports.passport(Instant.now().minusSeconds(60), "c0000001"))
        .getFileName().toString().replace(".json", "");
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(plan, String.format("""
        name: shutdown
        target: {base-url: %s}
        defaults: {load: {concurrency: 4, duration: %s, warmup: 0, timeout: 60s, rounds: 1}}
        endpoints:
          - name: items
            path: /items
            variants: [{name: a}, {name: b}, {name: c}]
        """, target.baseUrl(), variantDuration));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process service = PackagedJar.start(dir, dir.resolve("service.log"), Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND",
        String.join(" ", "-Dquarkus.http.port=" + port, "-Dcartographer.plan=" + plan,
            "-Dcartographer.passport-dir=" + passports, "-Dcartographer.demo.enabled=false",
            "-Dcartographer.run.abort-grace=" + grace)));
    try {
      String base = "http://127.0.0.1:" + port;
      await(() -> get(base + "/q/health/ready") == 200, Duration.ofSeconds(30), "ready");
      HttpResponse<String> started = http.send(
          HttpRequest.newBuilder(URI.create(base + "/run")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, started.statusCode(), started.body());
      String id = JSON.readTree(started.body()).path("id").asText();
      await(() -> "items/a".equals(status(base, id).at("/progress/current_variant").asText()),
          Duration.ofSeconds(10), "the first variant runs");
      Thread.sleep(500);
      long signalled = System.nanoTime();
      service.destroy(); // SIGTERM
      assertTrue(service.waitFor(30, TimeUnit.SECONDS), "the service exits: " + log());
      return new Run(completeId, Duration.ofNanos(System.nanoTime() - signalled));
    } finally {
      service.destroyForcibly();
    }
  }

  private JsonNode status(String base, String id) throws Exception {
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/runs/" + id)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private int get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private interface Condition {
    boolean met() throws Exception;
  }

  private void await(Condition condition, Duration limit, String what) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in " + limit + ": " + what + "\n" + log());
      }
      Thread.sleep(50);
    }
  }

  private String log() throws Exception {
    Path log = dir.resolve("service.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  private void assertNoTemporaryFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("passports"))) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
    }
  }
}
