package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PassportSchema;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's fault switches, end to end: the demo runs as a service of its own (as a target
 * would), the probe as a separate CLI run with a soak variant of 10,000 requests in 5 rounds. A
 * 4 KiB-per-request leak is declared a memory leak, a descriptor kept every 100 requests a
 * descriptor leak, 64 KiB of garbage per request shows in the allocation per request; the demo
 * with every switch off shows none of it. The margins are wide: without the leak the memory
 * slope's interval started at or below 0 in 40 of 40 benchmark runs (limit 1 KiB), with it at
 * about 3 KiB or more (BENCHMARKS.md, "Target efficiency and leaks").
 */
class TargetFaultsIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void aMemoryLeakOfFourKibibytesPerRequestIsDeclaredALeak() throws Exception {
    JsonNode soak = soak("leak", Map.of("leak-per-request", "4KiB"));
    JsonNode memory = check(soak, "memory_growth_bytes_per_request");
    assertFalse(memory.path("passed").asBoolean(), memory.toString());
    assertTrue(memory.path("reason").asText().contains("a leak, all of it above 1024 bytes per request"), memory.toString());
    double slope = soak.at("/memory/target/growth/bytes_per_request").asDouble();
    assertTrue(slope > 4096 * 0.75 && slope < 4096 * 1.25, "slope " + slope + " within 25 % of 4 KiB per request");
    assertTrue(check(soak, "open_fds_growth_per_1k_requests").path("passed").asBoolean(), soak.path("checks").toString());
  }

  @Test
  void aDescriptorLeakIsDeclaredAndGarbageShowsAsAllocationWhileACleanDemoShowsNeither() throws Exception {
    JsonNode faulty = soak("fds", Map.of("fd-leak-every", "100", "alloc-per-request", "64KiB"));
    JsonNode descriptors = check(faulty, "open_fds_growth_per_1k_requests");
    assertFalse(descriptors.path("passed").asBoolean(), descriptors.toString());
    double per1k = faulty.at("/target_efficiency/open_fds_growth/per_1k_requests").asDouble();
    assertTrue(per1k > 7.5 && per1k < 12.5, per1k + " descriptors per 1,000 requests, 10 kept");

    JsonNode clean = soak("clean", Map.of());
    assertTrue(check(clean, "memory_growth_bytes_per_request").path("passed").asBoolean(), clean.path("checks").toString());
    assertTrue(check(clean, "open_fds_growth_per_1k_requests").path("passed").asBoolean(), clean.path("checks").toString());
    double heavy = faulty.at("/target_efficiency/alloc_per_request").asDouble();
    double light = clean.at("/target_efficiency/alloc_per_request").asDouble();
    assertEquals("bytes", clean.at("/target_efficiency/alloc_unit").asText());
    assertTrue(heavy - light > 48 * 1024, heavy + " bytes per request with the garbage switch, " + light + " without");
  }

  /** Starts the demo as a service with {@code faults} switched on, probes it, returns the soak result. */
  private JsonNode soak(String name, Map<String, String> faults) throws Exception {
    Path work = Files.createDirectories(dir.resolve(name));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StringBuilder options = new StringBuilder("-Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=" + port
        + " -Dcartographer.passport-dir=" + work.resolve("service-passports"));
    faults.forEach((key, value) -> options.append(" -Dcartographer.demo.faults.").append(key).append('=').append(value));
    Process service = PackagedJar.start(work, work.resolve("service.log"),
        Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND", options.toString()));
    try {
      String base = "http://127.0.0.1:" + port;
      Awaitility.await("the demo service is ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> ready(base) || !service.isAlive());
      assertTrue(service.isAlive(), Files.readString(work.resolve("service.log")));
      Path plan = work.resolve("soak.yaml");
      Files.writeString(plan, """
          name: faults-soak
          target:
            base-url: %s/demo
            metrics: {url: /metrics, series: 'jvm_memory_used_bytes{area="heap"}', interval: 1s}
          endpoints:
            - name: heartbeat
              path: /heartbeat
              variants:
                - name: soak
                  family: soak
                  load: {concurrency: 4, requests: 10000, warmup: 500, timeout: 5s, rounds: 5}
                  thresholds: {max-memory-growth: 1KiB/request, max-fd-growth: 1/1000requests}
          """.formatted(base));
      PackagedJar.Result run = PackagedJar.run(work, Duration.ofMinutes(2), Map.of(),
          "run", "--plan", plan.toString(), "--passport-dir", work.resolve("passports").toString());
      JsonNode passport = PassportSchema.assertValid(work.resolve("passports").resolve("latest.json"));
      JsonNode soak = passport.path("test_results").get(0);
      assertEquals(soak.at("/verdict").asText().equals("pass") ? 0 : 1, run.exitCode(), run.transcript());
      assertEquals(10_000, soak.path("requests").asLong(), run.transcript());
      return soak;
    } finally {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  private static boolean ready(String base) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode check(JsonNode result, String metric) {
    for (JsonNode check : result.path("checks")) {
      if (check.path("metric").asText().equals(metric)) {
        return check;
      }
    }
    throw new AssertionError("no " + metric + " check in " + result.path("checks"));
  }
}
