package io.cartographer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A passport as Markdown fit for a pull-request comment or {@code $GITHUB_STEP_SUMMARY}: a status
 * line, the regressions first, then every variant, then where the passport is.
 */
final class MarkdownSummary {

  private MarkdownSummary() {}

  static String render(JsonNode passport, String passportLink) {
    JsonNode s = passport.path("summary");
    StringBuilder md = new StringBuilder();
    boolean pass = "PASS".equals(s.path("verdict").asText());
    int perf = s.path("performance_regressions").asInt(0);
    int mem = s.path("memory_regressions").asInt(0);
    md.append(String.format(Locale.ROOT, "## Cartographer: %s %s%n%n",
        pass && perf + mem == 0 ? "✅" : "❌",
        pass ? (perf + mem == 0 ? "PASS" : "PASS with regressions") : "FAIL"));
    md.append(String.format(Locale.ROOT,
        "Plan **%s** · %d of %d variants passed their thresholds · %d performance and %d memory regressions · %d improvements · %d requests, %d errors · %.1f s%n%n",
        passport.at("/plan/name").asText(), s.path("passed").asInt(), s.path("variants").asInt(), perf, mem,
        s.path("improvements").asInt(0), s.path("total_requests").asLong(), s.path("total_errors").asLong(),
        s.path("duration_seconds").asDouble()));
    JsonNode baseline = s.path("baseline");
    if (baseline.path("id").isTextual()) {
      md.append("Baseline: `").append(baseline.path("id").asText()).append("` (").append(baseline.path("source").asText()).append(")");
      for (JsonNode w : baseline.path("warnings")) {
        md.append(" · ⚠ ").append(w.asText());
      }
      md.append("\n\n");
      if (s.path("regression_verdict").isTextual()) {
        md.append(String.format(Locale.ROOT, "Regression verdict: **%s** (each variant against its own baseline, run-level false-alarm rate %.1f%%)%n%n",
            s.path("regression_verdict").asText(), s.path("false_alarm_rate").asDouble() * 100));
      }
    } else {
      md.append("Baseline: none yet (no variant has an earlier clean measurement)\n\n");
    }
    List<String> regressions = new ArrayList<>();
    for (JsonNode r : passport.path("test_results")) {
      for (JsonNode m : r.at("/comparison/metrics")) {
        if ("regression".equals(m.path("finding").asText())) {
          regressions.add(String.format(Locale.ROOT, "| %s/%s | %s | %s | %s | %s |",
              r.path("endpoint").asText(), r.path("variant").asText(), m.path("metric").asText(),
              number(m.path("baseline")), number(m.path("current")), m.path("reason").asText()));
        }
      }
    }
    if (!regressions.isEmpty()) {
      md.append("### Regressions\n\n| Variant | Metric | Baseline | Now | Why |\n|---|---|---|---|---|\n");
      regressions.forEach(line -> md.append(line).append('\n'));
      md.append('\n');
    }
    md.append("### Variants\n\n| Variant | Family | Requests | Errors | RPS | p50 ms | p99 ms | Thresholds | vs baseline |\n|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : passport.path("test_results")) {
      JsonNode latency = r.path("latency_ms");
      md.append(String.format(Locale.ROOT, "| %s/%s | %s | %d | %d | %.1f | %s | %s | %s | %s |%n",
          r.path("endpoint").asText(), r.path("variant").asText(), r.path("family").asText(),
          r.path("requests").asLong(), r.path("failed").asLong(), r.path("throughput_rps").asDouble(),
          number(latency.path("p50")), number(latency.path("p99")),
          "pass".equals(r.path("verdict").asText()) ? "pass" : "**fail**: " + r.path("reason").asText(),
          comparison(r.path("comparison"))));
    }
    List<String> findings = new ArrayList<>();
    for (JsonNode r : passport.path("test_results")) {
      for (JsonNode m : r.at("/comparison/metrics")) {
        findings.add(String.format(Locale.ROOT, "| %s/%s | %s | %s | %s |", r.path("endpoint").asText(),
            r.path("variant").asText(), m.path("metric").asText(), m.path("finding").asText(),
            m.path("reason").asText().replace("|", "\\|")));
      }
    }
    if (!findings.isEmpty()) {
      md.append("\n<details><summary>Why each metric is regression, unchanged or inconclusive</summary>\n\n")
          .append("| Variant | Metric | Finding | Why |\n|---|---|---|---|\n");
      findings.forEach(line -> md.append(line).append('\n'));
      md.append("\n</details>\n");
    }
    md.append("\nPassport: ").append(passportLink).append('\n');
    return md.toString();
  }

  private static String comparison(JsonNode c) {
    if (!c.isObject()) {
      return "not compared";
    }
    if (!"compared".equals(c.path("status").asText())) {
      return c.path("status").asText();
    }
    long regressions = 0;
    long improvements = 0;
    for (JsonNode m : c.path("metrics")) {
      regressions += "regression".equals(m.path("finding").asText()) ? 1 : 0;
      improvements += "improvement".equals(m.path("finding").asText()) ? 1 : 0;
    }
    return regressions > 0 ? "**" + regressions + " regressed**" : improvements > 0 ? improvements + " improved" : "unchanged";
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "n/a";
  }
}
