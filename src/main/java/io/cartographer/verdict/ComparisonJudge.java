package io.cartographer.verdict;

import io.cartographer.plan.Tolerances;
import io.cartographer.verdict.RegressionTest.Direction;
import io.cartographer.verdict.RegressionTest.Finding;
import io.cartographer.verdict.VariantComparison.MetricComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Compares a run with its baseline, variant by variant and metric by metric (p50, p99, throughput,
 * error rate; target memory peak and delta when both runs measured it). Variants whose definition
 * changed are {@code incomparable}, never flagged. Performance and memory findings are kept apart.
 */
public final class ComparisonJudge {

  private ComparisonJudge() {}

  /** Regression and improvement counts of a run's comparison. */
  public record Counts(int performanceRegressions, int memoryRegressions, int improvements) {}

  /**
   * @param baseline the baseline run, or {@code null} when there is none
   * @param history earlier runs of the plan, newest first, for the noise estimate
   * @param tolerances by variant key
   */
  public static Map<String, VariantComparison> compare(
      RunFigures current, RunFigures baseline, List<RunFigures> history, Map<String, Tolerances> tolerances) {
    Map<String, VariantComparison> out = new LinkedHashMap<>();
    for (Map.Entry<String, RunFigures.VariantFigures> e : current.variants().entrySet()) {
      String key = e.getKey();
      RunFigures.VariantFigures now = e.getValue();
      Tolerances tol = tolerances.getOrDefault(key, Tolerances.FIVE_PERCENT);
      if (baseline == null) {
        out.put(key, new VariantComparison("no-baseline", "no earlier passing run of this plan to compare with", List.of()));
        continue;
      }
      RunFigures.VariantFigures base = baseline.variants().get(key);
      if (base == null) {
        out.put(key, new VariantComparison("incomparable", "the baseline " + baseline.id() + " has no variant " + key, List.of()));
        continue;
      }
      if (!Objects.equals(base.definitionDigest(), now.definitionDigest())) {
        out.put(key, new VariantComparison("incomparable",
            "its definition changed since the baseline (method, path, headers, body, expected status, load or determinism)", List.of()));
        continue;
      }
      List<RunFigures.VariantFigures> past = history.stream().map(h -> h.variants().get(key))
          .filter(v -> v != null && Objects.equals(v.definitionDigest(), now.definitionDigest())).toList();
      List<MetricComparison> metrics = new ArrayList<>();
      rounds(metrics, "p50_ms", "performance", base.p50Rounds(), now.p50Rounds(), past, RunFigures.VariantFigures::p50Rounds, tol.of("p50"), Direction.HIGHER_IS_WORSE);
      rounds(metrics, "p99_ms", "performance", base.p99Rounds(), now.p99Rounds(), past, RunFigures.VariantFigures::p99Rounds, tol.of("p99"), Direction.HIGHER_IS_WORSE);
      rounds(metrics, "throughput_rps", "performance", base.throughputRounds(), now.throughputRounds(), past, RunFigures.VariantFigures::throughputRounds, tol.of("throughput"), Direction.LOWER_IS_WORSE);
      metrics.add(errorRate(base, now, tol.of("error-rate")));
      memory(metrics, "memory_peak_bytes", base.memoryPeak(), now.memoryPeak(), past, RunFigures.VariantFigures::memoryPeak, tol.of("memory-peak"), null);
      memory(metrics, "memory_delta_bytes", base.memoryDelta(), now.memoryDelta(), past, RunFigures.VariantFigures::memoryDelta, tol.of("memory-delta"), base.memoryPeak());
      out.put(key, new VariantComparison("compared", "compared with " + baseline.id(), metrics));
    }
    return out;
  }

  public static Counts counts(Map<String, VariantComparison> comparisons) {
    int perf = 0;
    int mem = 0;
    int better = 0;
    for (VariantComparison c : comparisons.values()) {
      perf += c.count("performance", Finding.REGRESSION) > 0 ? 1 : 0;
      mem += c.count("memory", Finding.REGRESSION) > 0 ? 1 : 0;
      better += c.count("performance", Finding.IMPROVEMENT) + c.count("memory", Finding.IMPROVEMENT) > 0 ? 1 : 0;
    }
    return new Counts(perf, mem, better);
  }

  /** Differences of where two runs were measured, which make a comparison less trustworthy. */
  public static List<String> warnings(RunFigures current, RunFigures baseline) {
    List<String> warnings = new ArrayList<>();
    if (baseline == null) {
      return warnings;
    }
    RunFigures.Fingerprint a = current.fingerprint();
    RunFigures.Fingerprint b = baseline.fingerprint();
    if (!Objects.equals(a.probeVersion(), b.probeVersion())) {
      warnings.add("probe version differs: " + b.probeVersion() + " then, " + a.probeVersion() + " now");
    }
    if (a.cpus() != b.cpus()) {
      warnings.add("CPU count differs: " + b.cpus() + " then, " + a.cpus() + " now");
    }
    if (!Objects.equals(a.runtime(), b.runtime())) {
      warnings.add("runtime differs: " + b.runtime() + " then, " + a.runtime() + " now");
    }
    return warnings;
  }

  private static void rounds(List<MetricComparison> out, String metric, String category, double[] base, double[] now,
      List<RunFigures.VariantFigures> past, Function<RunFigures.VariantFigures, double[]> pick, double tolerance, Direction direction) {
    if (base.length == 0 || now.length == 0) {
      out.add(new MetricComparison(metric, category, null, null, null, null, null, null, "none", Finding.INCONCLUSIVE,
          "not measured in " + (base.length == 0 ? "the baseline" : "this run")));
      return;
    }
    List<Double> history = past.stream().map(pick).filter(r -> r.length > 0).map(RegressionTest::runValue).toList();
    out.add(of(metric, category, RegressionTest.compare(base, now, history, tolerance, direction)));
  }

  /**
   * Memory is one reading per run, so only the plan's history can say how much it varies: with
   * fewer than {@value RegressionTest#MIN_HISTORY} earlier runs the finding is inconclusive. The
   * delta is compared as growth relative to the baseline's peak, since a delta near zero has no
   * meaningful ratio.
   */
  private static void memory(List<MetricComparison> out, String metric, Long base, Long now,
      List<RunFigures.VariantFigures> past, Function<RunFigures.VariantFigures, Long> pick, double tolerance,
      Long basePeak) {
    if (base == null || now == null) {
      return;
    }
    List<Double> history = past.stream().map(pick).filter(Objects::nonNull).map(Long::doubleValue).toList();
    if (history.size() < RegressionTest.MIN_HISTORY) {
      out.add(new MetricComparison(metric, "memory", base.doubleValue(), now.doubleValue(),
          base == 0 ? null : (double) now / base - 1, null, null, null, "none", Finding.INCONCLUSIVE,
          String.format(Locale.ROOT, "%d earlier runs; %d are needed to know this plan's memory noise",
              history.size(), RegressionTest.MIN_HISTORY)));
      return;
    }
    if (basePeak != null && basePeak > 0 && metric.equals("memory_delta_bytes")) {
      // Growth as a share of the baseline's peak: shift every value by the peak so ratios mean
      // "memory after the variant" rather than a ratio of two small deltas.
      double shift = basePeak;
      List<Double> shifted = history.stream().map(v -> v + shift).toList();
      out.add(of(metric, "memory", RegressionTest.compare(new double[] {base + shift}, new double[] {now + shift},
          shifted, tolerance, Direction.HIGHER_IS_WORSE)));
      return;
    }
    out.add(of(metric, "memory", RegressionTest.compare(new double[] {base}, new double[] {now}, history, tolerance,
        Direction.HIGHER_IS_WORSE)));
  }

  /** Error rates as proportions: a one-sided two-proportion z-test, and more than the tolerance. */
  private static MetricComparison errorRate(RunFigures.VariantFigures base, RunFigures.VariantFigures now, double tolerance) {
    double p1 = base.requests() == 0 ? 0 : (double) base.failed() / base.requests();
    double p2 = now.requests() == 0 ? 0 : (double) now.failed() / now.requests();
    double pooled = (double) (base.failed() + now.failed()) / Math.max(1, base.requests() + now.requests());
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / Math.max(1, base.requests()) + 1.0 / Math.max(1, now.requests())));
    double z = se == 0 ? 0 : (p2 - p1) / se;
    double p = 1 - RegressionTest.normalCdf(z);
    boolean bigger = p2 - p1 > Math.max(tolerance * p1, 0.001);
    Finding finding = bigger && p < RegressionTest.ALPHA ? Finding.REGRESSION
        : (p1 - p2 > Math.max(tolerance * p1, 0.001) && 1 - p < RegressionTest.ALPHA) ? Finding.IMPROVEMENT : Finding.UNCHANGED;
    return new MetricComparison("error_rate", "performance", p1, p2, p1 == 0 ? null : p2 / p1 - 1, null, null, p, "counts", finding,
        String.format(Locale.ROOT, "%.3f%% then, %.3f%% now (p=%.3f)", p1 * 100, p2 * 100, p));
  }

  private static MetricComparison of(String metric, String category, RegressionTest.Outcome o) {
    return new MetricComparison(metric, category, o.baseline(), o.current(), o.relativeChange(),
        Double.isNaN(o.intervalLow()) ? null : o.intervalLow(), Double.isNaN(o.intervalHigh()) ? null : o.intervalHigh(),
        o.pValue(), o.noiseSource(), o.finding(), o.reason());
  }
}
