package io.cartographer.cli;

import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.VariantComparison;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a comparison of two passports as the plain-text table {@code compare A B} prints. */
final class ComparisonTable {

  private static final String ROW = "%-40s %-18s %12s %12s %9s  %s%n";

  private ComparisonTable() {}

  static String render(String currentId, RunComparison comparison) {
    StringBuilder out = new StringBuilder();
    out.append("comparing ").append(currentId).append(" with baseline ").append(comparison.baselineId())
        .append(String.format(Locale.ROOT, " (run-level false-alarm rate %.1f%%)", comparison.falseAlarmRate() * 100))
        .append('\n');
    comparison.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
    out.append(String.format(Locale.ROOT, ROW, "VARIANT", "METRIC", "BASELINE", "NOW", "CHANGE", "FINDING"));
    for (Map.Entry<String, VariantComparison> e : new TreeMap<>(comparison.byVariant()).entrySet()) {
      VariantComparison c = e.getValue();
      if (c.status() != ComparisonStatus.COMPARED) {
        out.append(String.format(Locale.ROOT, "%-40s %s: %s%n", e.getKey(), c.status(), c.reason()));
        continue;
      }
      for (VariantComparison.MetricComparison m : c.metrics()) {
        out.append(String.format(Locale.ROOT, ROW, e.getKey(), m.metric(), Figures.of(m.metric(), m.baseline()),
            Figures.of(m.metric(), m.current()),
            m.relativeChange() == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", m.relativeChange() * 100),
            m.finding().name().toLowerCase(Locale.ROOT) + " (" + m.reason() + ")"));
      }
    }
    out.append("(throughput_rps: the geometric mean of each run's rounds; percentiles: the whole histogram's)\n");
    var counts = comparison.counts();
    out.append(String.format(Locale.ROOT, "%n%s: %d performance and %d memory regressions, %d improvements, %d variants inconclusive for their environment%n",
        comparison.verdict().label(), counts.performanceRegressions(), counts.memoryRegressions(), counts.improvements(),
        counts.inconclusiveEnvironment()));
    return out.toString();
  }

}
