package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.run.RunFinished;
import io.cartographer.testing.Programs;
import io.cartographer.testing.TestPassports;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promtool check metrics} (Prometheus's own linter) finds nothing to say about {@code
 * /q/metrics} in either format it serves, with a finished run's figures in it. Needs Debian's
 * {@code prometheus} package for promtool ({@code .ci/run} installs it); skipped, saying so, without.
 */
@QuarkusTest
class MetricsLintTest {

  @Inject Event<RunFinished> finished;

  @ParameterizedTest
  @ValueSource(strings = {"text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0; charset=utf-8"})
  void promtoolFindsNothingToSayInEitherFormat(String accept) throws Exception {
    Assumptions.assumeTrue(Programs.onPath("promtool"), "promtool is not installed (Debian package prometheus): metrics not linted");
    finished.fire(new RunFinished(TestPassports.passport(Instant.parse("2026-12-03T10:00:00Z"), "0000lint"),
        Path.of("unused.json")));
    String metrics = given().header("Accept", accept).get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(metrics.contains("cartographer_variant_latency_p99_seconds{"), metrics);
    Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool finished");
    String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> findings = said.lines().filter(line -> !line.isBlank())
        .filter(line -> !openMetricsCounter(metrics, line)).toList();
    assertEquals(List.of(), findings, accept + ": promtool says " + said);
  }

  /**
   * Whether a finding is promtool's text parser meeting an OpenMetrics counter: OpenMetrics names
   * the family without {@code _total} in its HELP and TYPE lines and its sample with it, so the
   * text-format linter finds "no help text" for {@code X_total} although {@code # HELP X} is there.
   */
  private static boolean openMetricsCounter(String metrics, String finding) {
    if (!finding.endsWith("_total no help text")) {
      return false;
    }
    String family = finding.substring(0, finding.length() - "_total no help text".length());
    return metrics.strip().endsWith("# EOF") // an OpenMetrics answer
        && metrics.contains("# TYPE " + family + " counter\n") && metrics.contains("# HELP " + family + " ");
  }
}
