package io.cartographer.cli;

import static io.cartographer.cli.SummaryTable.orZero;

import io.cartographer.passport.Passport;
import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.verdict.RegressionTest.Finding;
import io.cartographer.verdict.VariantComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A passport as Markdown fit for a pull-request comment or {@code $GITHUB_STEP_SUMMARY}: a status
 * line, the regressions first, then every variant, then where the passport is.
 */
final class MarkdownSummary {

  private MarkdownSummary() {}

  static String render(Passport passport, String passportLink) {
    Passport.Summary s = passport.summary();
    StringBuilder md = new StringBuilder();
    boolean pass = s.verdict().passed();
    int perf = orZero(s.performanceRegressions());
    int mem = orZero(s.memoryRegressions());
    md.append(String.format(Locale.ROOT, "## Cartographer: %s %s%n%n",
        pass && perf + mem == 0 ? "✅" : "❌",
        pass ? (perf + mem == 0 ? "PASS" : "PASS with regressions") : "FAIL"));
    md.append(String.format(Locale.ROOT,
        "Plan **%s** · %d of %d variants passed their thresholds · %d performance and %d memory regressions · %d improvements · %d requests, %d errors · %.1f s%n%n",
        passport.plan().name(), s.passed(), s.variants(), perf, mem,
        orZero(s.improvements()), s.totalRequests(), s.totalErrors(), s.durationSeconds()));
    Passport.Baseline baseline = s.baseline();
    if (baseline != null && baseline.id() != null) {
      md.append("Baseline: `").append(baseline.id()).append("` (").append(baseline.source()).append(")");
      for (String w : baseline.warnings()) {
        md.append(" · ⚠ ").append(w);
      }
      md.append("\n\n");
      if (s.regressionVerdict() != null) {
        md.append(String.format(Locale.ROOT, "Regression verdict: **%s** (each variant against its own baseline, run-level false-alarm rate %.1f%%)%n%n",
            s.regressionVerdict().label(), s.falseAlarmRate() == null ? Double.NaN : s.falseAlarmRate() * 100));
      }
    } else {
      md.append("Baseline: none yet (no variant has an earlier clean measurement)\n\n");
    }
    List<String> regressions = new ArrayList<>();
    for (Passport.TestResult r : passport.testResults()) {
      for (VariantComparison.MetricComparison m : r.comparedMetrics()) {
        if (m.finding() == Finding.REGRESSION) {
          regressions.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |",
              r.key(), m.metric(), number(m.baseline()), number(m.current()), m.reason()));
        }
      }
    }
    if (!regressions.isEmpty()) {
      md.append("### Regressions\n\n| Variant | Metric | Baseline | Now | Why |\n|---|---|---|---|---|\n");
      regressions.forEach(line -> md.append(line).append('\n'));
      md.append('\n');
    }
    md.append("### Variants\n\n| Variant | Family | Requests | Errors | RPS | p50 ms | p99 ms | Target CPU ms/req | Target alloc B/req | Memory growth B/req | Descriptors per 1k req | Thresholds | vs baseline |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Passport.TestResult r : passport.testResults()) {
      Passport.Stats latency = r.latencyMs();
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.key(), r.family(), r.requests(), r.failed(), r.throughputRps(),
          latency == null ? "n/a" : number(latency.p50()), latency == null ? "n/a" : number(latency.p99()),
          TargetFigures.cpuMsPerRequest(r), TargetFigures.allocBytesPerRequest(r), TargetFigures.memoryGrowth(r),
          TargetFigures.descriptorGrowth(r),
          thresholds(r),
          comparison(r.comparison())));
    }
    List<String> findings = new ArrayList<>();
    for (Passport.TestResult r : passport.testResults()) {
      for (VariantComparison.MetricComparison m : r.comparedMetrics()) {
        findings.add(String.format(Locale.ROOT, "| %s | %s | %s | %s |", r.key(), m.metric(), m.finding().label(),
            m.reason().replace("|", "\\|")));
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

  /** pass, or the failure, with why ({@link FailureCause#why}); pipes escaped for the table. */
  private static String thresholds(Passport.TestResult r) {
    String why = FailureCause.why(r);
    String text = r.verdict().passed() ? "pass" + (why.isEmpty() ? "" : " (" + why + ")") : "**fail**: " + why;
    return text.replace("|", "\\|");
  }

  private static String comparison(Passport.Comparison c) {
    if (c == null) {
      return "not compared";
    }
    if (c.status() != ComparisonStatus.COMPARED) {
      return c.status().label();
    }
    long regressions = c.count(Finding.REGRESSION);
    long improvements = c.count(Finding.IMPROVEMENT);
    return regressions > 0 ? "**" + regressions + " regressed**" : improvements > 0 ? improvements + " improved" : "unchanged";
  }

  private static String number(Double n) {
    return n == null ? "n/a" : String.format(Locale.ROOT, "%.3f", n);
  }
}
