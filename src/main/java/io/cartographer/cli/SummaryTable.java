package io.cartographer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Renders a passport as the plain-text table the CLI prints after a run. */
final class SummaryTable {

  private static final String ROW = "%-44s %-7s %9s %7s %10s %10s %10s  %s%n";

  private SummaryTable() {}

  static String render(JsonNode passport) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, ROW, "VARIANT", "FAMILY", "REQUESTS", "ERRORS", "RPS", "P50 ms", "P99 ms", "VERDICT"));
    for (JsonNode r : passport.path("test_results")) {
      JsonNode latency = r.path("latency_ms");
      out.append(
          String.format(
              Locale.ROOT,
              ROW,
              clip(r.path("endpoint").asText() + "/" + r.path("variant").asText(), 44),
              clip(r.path("family").asText(), 7),
              r.path("requests").asLong(),
              r.path("failed").asLong(),
              String.format(Locale.ROOT, "%.1f", r.path("throughput_rps").asDouble()),
              millis(latency, "p50"),
              millis(latency, "p99"),
              r.path("verdict").asText().toUpperCase(Locale.ROOT)
                  + ("fail".equals(r.path("verdict").asText()) ? " (" + r.path("reason").asText() + ")" : "")));
    }
    JsonNode s = passport.path("summary");
    out.append(
        String.format(
            Locale.ROOT,
            "%n%s: %d of %d variants passed, %d requests, %d errors, %.1f s%n",
            s.path("verdict").asText(),
            s.path("passed").asInt(),
            s.path("variants").asInt(),
            s.path("total_requests").asLong(),
            s.path("total_errors").asLong(),
            s.path("duration_seconds").asDouble()));
    JsonNode baseline = s.path("baseline");
    if (baseline.path("id").isTextual()) {
      out.append(
          String.format(
              Locale.ROOT,
              "vs baseline %s (%s, each variant its own): %s: %d performance and %d memory regressions, %d improvements%n",
              baseline.path("id").asText(),
              baseline.path("source").asText(),
              s.path("regression_verdict").asText("compared"),
              s.path("performance_regressions").asInt(),
              s.path("memory_regressions").asInt(),
              s.path("improvements").asInt()));
      for (JsonNode r : passport.path("test_results")) {
        String key = r.path("endpoint").asText() + "/" + r.path("variant").asText();
        boolean environment = false;
        for (JsonNode m : r.at("/comparison/metrics")) {
          String finding = m.path("finding").asText();
          String reason = m.path("reason").asText();
          if (finding.equals("regression") || finding.equals("improvement")) {
            out.append(String.format(Locale.ROOT, "  %-11s %s %s: %s%n", finding, key, m.path("metric").asText(), reason));
          } else if (!environment && reason.startsWith("environment:")) {
            environment = true;
            out.append(String.format(Locale.ROOT, "  %-11s %s: %s%n", "inconclusive", key, reason));
          }
        }
      }
    } else if (baseline.isObject()) {
      out.append("no baseline yet: the next run of this plan will be compared with this one\n");
    }
    return out.toString();
  }

  private static String millis(JsonNode latency, String field) {
    return latency.isObject() ? String.format(Locale.ROOT, "%.3f", latency.path(field).asDouble()) : "n/a";
  }

  private static String clip(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "~";
  }
}
