package io.cartographer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportStore;
import io.cartographer.testing.PackagedJar;
import io.cartographer.testing.TestPassports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted service publishes what its passport volume holds before its first run: the latest
 * run's gauges and the last passing run's time, so a staleness alert keeps a series to judge.
 */
class MetricsSeedIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void theGaugesStartFromTheLatestPassportsAfterARestart() throws Exception {
    Path passports = dir.resolve("passports");
    PassportStore store = new PassportStore(passports);
    Instant passed = Instant.parse("2026-12-01T10:00:00Z");
    Passport pass = TestPassports.passport(passed, "0000aaa1");
    store.write(pass);
    store.write(TestPassports.passport(Instant.parse("2026-12-02T10:00:00Z"), "0000aaa2", 5, 1000, 2000, 3000));
    Path plan = Files.writeString(dir.resolve("plan.yaml"), """
        name: seed
        target: {base-url: http://127.0.0.1:9}
        endpoints: [{name: e, path: /e, variants: [{name: v}]}]
        """);
    try (PackagedJar.Service service = PackagedJar.startService(dir, passports, plan)) {
      String base = service.baseUrl();
      Awaitility.await("ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> status(base + "/q/health/ready") == 200 || !service.process().isAlive());
      String planName = pass.plan().name();
      // the volume is read once the server listens, beside the first requests: its series follow
      String[] scraped = {""};
      Awaitility.await("seeded series").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> {
            scraped[0] = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofString()).body();
            return scraped[0].contains("cartographer_variant_probe_saturated{");
          });
      String metrics = scraped[0];
      long passedAt = Instant.parse(pass.finishedAt()).getEpochSecond();
      assertTrue(value(metrics, "cartographer_last_success_timestamp_seconds", planName) == passedAt,
          "the last passing run's time, not the later failed one's: " + metrics);
      assertTrue(value(metrics, "cartographer_run_passed", planName) == 0, "the latest run failed: " + metrics);
      assertTrue(metrics.contains("cartographer_run_in_progress 0.0"), metrics);
      assertTrue(metrics.contains("cartographer_build_info{version=\""), metrics);
      assertTrue(metrics.contains("cartographer_variant_probe_saturated{"), metrics);
    }
  }

  /** The value of {@code name}'s series for {@code plan} ({@code NaN} when absent). */
  private static double value(String metrics, String name, String plan) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "(?m)^" + name + "\\{plan=\"" + java.util.regex.Pattern.quote(plan) + "\",?\\} (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static int status(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
