package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.PassportSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with the small heap of the Kubernetes sizing and below it ({@code -Xmx256m}),
 * against a target whose metrics endpoint answers a 100 MB body or one without end: the run
 * finishes on time with every request, the memory figures say "not measured" with the reason, and
 * nothing runs out of memory.
 */
class HostileMetricsIT {

  @TempDir Path dir;

  @ParameterizedTest(name = "metrics body of {0} bytes")
  @CsvSource({"104857600", "-1"})
  void aHugeOrEndlessMetricsBodyNeitherStallsNorExhaustsTheProbe(long size) throws Exception {
    io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> metrics = LoopbackServer.streamedBody(size);
    try (LoopbackServer target = LoopbackServer.start(req -> {
      if (req.path().equals("/metrics")) {
        metrics.handle(req);
      } else {
        req.response().end("{\"ok\":true}");
      }
    })) {
      Path plan = dir.resolve("plan.yaml");
      Files.writeString(plan, """
          name: hostile-metrics
          target:
            base-url: %s
            metrics: {url: /metrics, interval: 50ms}
          defaults: {load: {concurrency: 2, requests: 2000, warmup: 10, rounds: 2}}
          endpoints:
            - name: items
              path: /items
              variants: [{name: a}, {name: b}]
          """.formatted(target.baseUrl()));
      Path passports = dir.resolve("passports");
      Path log = dir.resolve("run.log");
      long started = System.nanoTime();
      Process run = PackagedJar.start(dir, log, Map.of("CARTOGRAPHER_JAVA_OPTS_APPEND", "-Xmx256m"),
          "run", "--plan", plan.toString(), "--passport-dir", passports.toString());
      try {
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the run ends: " + Files.readString(log));
      } finally {
        run.destroyForcibly();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String output = Files.readString(log);
      assertEquals(0, run.exitValue(), output);
      assertFalse(output.contains("OutOfMemoryError"), output);
      JsonNode passport = PassportSchema.assertValid(passports.resolve("latest.json"));
      for (JsonNode variant : passport.path("test_results")) {
        assertEquals(2000, variant.path("requests").asLong(), variant.toString());
        assertTrue(variant.at("/memory/target/peak_bytes").isNull(), variant.toString());
        assertTrue(variant.path("not_measured").toString().contains("more than 10485760 bytes"),
            variant.path("not_measured").toString());
      }
      System.out.printf("hostile metrics (%d bytes): run took %d ms%n", size, took.toMillis());
    }
  }
}
