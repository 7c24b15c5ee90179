package io.cartographer.verdict;

import io.cartographer.load.Distribution;
import io.cartographer.plan.Tolerances;
import io.cartographer.verdict.RegressionTest.Direction;
import io.cartographer.verdict.RegressionTest.Finding;
import io.cartographer.verdict.RegressionTest.Measurement;
import io.cartographer.verdict.VariantComparison.MetricComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Compares each variant of a run with its own baseline, metric by metric (p50, p99, throughput,
 * error rate; target memory peak and delta when both measured it), then decides every metric of
 * the run together under one false-alarm budget ({@link FalseAlarmControl}). A variant measured in
 * a materially different environment from its baseline's ({@link EnvironmentCheck}) has its
 * performance metrics {@code inconclusive}, left out of the budget. Performance and memory
 * findings are kept apart. Pure functions; no I/O.
 */
public final class ComparisonJudge {

  /** The default run-level false-alarm rate: 1 %. */
  public static final double DEFAULT_FALSE_ALARM_RATE = 0.01;

  private ComparisonJudge() {}

  /** Regression and improvement counts of a run's comparison. */
  public record Counts(int performanceRegressions, int memoryRegressions, int improvements, int inconclusiveEnvironment) {}

  /**
   * What one variant is compared with.
   *
   * @param passportId the baseline's passport, {@code null} when there is none
   * @param figures the baseline's figures, {@code null} when there is none
   * @param history earlier clean measurements of the variant in a like environment, newest first
   *     (the baseline among them), whose spread is the run-to-run noise
   * @param historyIds their passport ids, in the same order
   * @param missing why there is no baseline ({@code status} then {@code no-baseline} or
   *     {@code incomparable}), {@code null} when there is one
   * @param environment the environment difference from the baseline, {@code null} when alike
   */
  public record VariantBaseline(
      String passportId,
      String source,
      RunFigures.VariantFigures figures,
      List<RunFigures.VariantFigures> history,
      List<String> historyIds,
      ComparisonStatus missingStatus,
      String missing,
      String environment) {

    public static VariantBaseline none(ComparisonStatus status, String why) {
      return new VariantBaseline(null, null, null, List.of(), List.of(), status, why, null);
    }
  }

  /**
   * @param baselines by variant key; a variant without an entry has no baseline
   * @param tolerances by variant key
   * @param falseAlarmRate the run-level rate, e.g. 0.01
   */
  public static Map<String, VariantComparison> compare(
      RunFigures current, Map<String, VariantBaseline> baselines, Map<String, Tolerances> tolerances,
      double falseAlarmRate) {
    return compare(current, baselines, tolerances, falseAlarmRate, false);
  }

  /**
   * Judges the re-measurement of variants that looked regressed ({@code --confirm}). A
   * confirmation can only withdraw an alarm the run's false-alarm control already raised, never
   * add one, so the run-level bound of that first decision still holds whatever level the
   * confirmation uses: each metric of a re-measured variant is judged alone at {@code
   * falseAlarmRate}, not corrected for the whole run again.
   */
  public static Map<String, VariantComparison> confirm(
      RunFigures remeasured, Map<String, VariantBaseline> baselines, Map<String, Tolerances> tolerances,
      double falseAlarmRate) {
    return compare(remeasured, baselines, tolerances, falseAlarmRate, true);
  }

  private static Map<String, VariantComparison> compare(
      RunFigures current, Map<String, VariantBaseline> baselines, Map<String, Tolerances> tolerances,
      double falseAlarmRate, boolean alone) {
    List<Pending> pending = new ArrayList<>();
    Map<String, List<Object>> byVariant = new LinkedHashMap<>();
    Map<String, VariantComparison> shells = new LinkedHashMap<>();
    for (Map.Entry<String, RunFigures.VariantFigures> e : current.variants().entrySet()) {
      String key = e.getKey();
      RunFigures.VariantFigures now = e.getValue();
      VariantBaseline vb = baselines.getOrDefault(key,
          VariantBaseline.none(ComparisonStatus.NO_BASELINE, "no earlier clean measurement of this variant to compare with"));
      if (vb.figures() == null) {
        shells.put(key, new VariantComparison(vb.missingStatus(), vb.missing(), null, List.of()));
        continue;
      }
      RunFigures.VariantFigures base = vb.figures();
      Tolerances tol = tolerances.getOrDefault(key, Tolerances.FIVE_PERCENT);
      List<Object> slots = new ArrayList<>();
      String env = vb.environment();
      List<RunFigures.VariantFigures> past = vb.history();
      List<String> pastIds = vb.historyIds();
      boolean recent = "latest-clean".equals(vb.source());
      slots.add(percentile(pending, "p50_ms", 0.5, base, now, past, pastIds, tol.of("p50"), env, f -> f.p50(),
          RunFigures.VariantFigures::p50Rounds, recent));
      slots.add(percentile(pending, "p99_ms", 0.99, base, now, past, pastIds, tol.of("p99"), env, f -> f.p99(),
          RunFigures.VariantFigures::p99Rounds, recent));
      slots.add(performance(pending, "throughput_rps", "rps", Measurement.ofRounds(base.throughputRounds()),
          Measurement.ofRounds(now.throughputRounds()),
          values(past, pastIds, f -> RegressionTest.runValue(f.throughputRounds())), tol.of("throughput"), env,
          Direction.LOWER_IS_WORSE, recent));
      slots.add(errorRate(pending, base, now, tol.of("error-rate"), env));
      memory(pending, slots, "memory_peak_bytes", base.memoryPeak(), now.memoryPeak(), past, pastIds,
          RunFigures.VariantFigures::memoryPeak, tol.of("memory-peak"), null);
      memory(pending, slots, "memory_delta_bytes", base.memoryDelta(), now.memoryDelta(), past, pastIds,
          RunFigures.VariantFigures::memoryDelta, tol.of("memory-delta"), base.memoryPeak());
      // CPU seconds per 1,000 requests are milliseconds per request: the same number.
      single(pending, slots, "cpu_ms_per_request", "performance", "ms", base.cpuPer1kRequests(),
          now.cpuPer1kRequests(), past, pastIds, RunFigures.VariantFigures::cpuPer1kRequests,
          tol.of("cpu-per-request"), 0);
      single(pending, slots, "alloc_bytes_per_request", "memory", "bytes", base.allocBytesPerRequest(),
          now.allocBytesPerRequest(), past, pastIds, RunFigures.VariantFigures::allocBytesPerRequest,
          tol.of("alloc-per-request"), 0);
      // the capacity model: a lower capacity is worse
      single(pending, slots, "capacity_rps", "performance", "rps", base.capacityRps(), now.capacityRps(), past, pastIds,
          RunFigures.VariantFigures::capacityRps, tol.of("capacity"), 0, Direction.LOWER_IS_WORSE);
      byVariant.put(key, slots);
      String reason = "compared with " + vb.passportId() + " (" + vb.source() + ")"
          + (env == null ? "" : "; " + env);
      shells.put(key, new VariantComparison(ComparisonStatus.COMPARED, reason, vb.passportId(), List.of()));
    }
    decide(pending, falseAlarmRate, alone);
    Map<String, VariantComparison> out = new LinkedHashMap<>();
    for (Map.Entry<String, VariantComparison> e : shells.entrySet()) {
      List<Object> slots = byVariant.get(e.getKey());
      if (slots == null) {
        out.put(e.getKey(), e.getValue());
        continue;
      }
      List<MetricComparison> metrics = new ArrayList<>();
      for (Object slot : slots) {
        metrics.add(slot instanceof Pending p ? p.result : (MetricComparison) slot);
      }
      VariantComparison shell = e.getValue();
      out.put(e.getKey(), new VariantComparison(shell.status(), shell.reason(), shell.baselineId(), metrics));
    }
    return out;
  }

  public static Counts counts(Map<String, VariantComparison> comparisons) {
    int perf = 0;
    int mem = 0;
    int better = 0;
    int environment = 0;
    for (VariantComparison c : comparisons.values()) {
      perf += c.count("performance", Finding.REGRESSION) > 0 ? 1 : 0;
      mem += c.count("memory", Finding.REGRESSION) > 0 ? 1 : 0;
      better += c.count("performance", Finding.IMPROVEMENT) + c.count("memory", Finding.IMPROVEMENT) > 0 ? 1 : 0;
      environment += c.metrics().stream().anyMatch(m -> m.reason().startsWith("environment:")) ? 1 : 0;
    }
    return new Counts(perf, mem, better, environment);
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
    if (!a.sameWarmth(b)) {
      warnings.add("probe warmth differs: " + (b.warmProbe() ? "warm" : "cold") + " then, "
          + (a.warmProbe() ? "warm" : "cold") + " now: the cold run's figures carry the probe's own JIT compilation");
    }
    return warnings;
  }

  /** A test waiting for the run's false-alarm control, and then its result. */
  private static final class Pending {
    final String metric;
    final String category;
    final String unit;
    final RegressionTest.Test test;
    final double tolerance;
    final Direction direction;
    final String environment;
    final String historyNote;
    MetricComparison result;

    Pending(String metric, String category, String unit, RegressionTest.Test test, double tolerance,
        Direction direction, String environment, String historyNote) {
      this.metric = metric;
      this.category = category;
      this.unit = unit;
      this.test = test;
      this.tolerance = tolerance;
      this.direction = direction;
      this.environment = environment;
      this.historyNote = historyNote;
    }

    boolean inFamily() {
      return test.made() && environment == null;
    }
  }

  private static void decide(List<Pending> pending, double rate, boolean alone) {
    double[] worse = new double[pending.size()];
    double[] better = new double[pending.size()];
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      worse[i] = p.inFamily() ? p.test.pWorse() : Double.NaN;
      better[i] = p.inFamily() ? p.test.pBetter() : Double.NaN;
    }
    FalseAlarmControl.Decision w = alone ? FalseAlarmControl.each(worse, rate) : FalseAlarmControl.benjaminiHochberg(worse, rate);
    FalseAlarmControl.Decision b = alone ? FalseAlarmControl.each(better, rate) : FalseAlarmControl.benjaminiHochberg(better, rate);
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      RegressionTest.Test t = p.test;
      RegressionTest.Judged judged;
      if (p.environment != null && t.made()) {
        judged = new RegressionTest.Judged(Finding.INCONCLUSIVE, p.environment + String.format(Locale.ROOT,
            "; not judged (%+.1f%% change)", t.relativeChange() * 100));
      } else {
        judged = RegressionTest.decide(t, w.rejected()[i], !w.rejected()[i] && b.rejected()[i],
            w.rejected()[i] ? w.threshold() : b.rejected()[i] ? b.threshold() : w.threshold(), p.tolerance,
            p.direction, p.unit);
        if (alone) {
          judged = new RegressionTest.Judged(judged.finding(), "re-measured, judged alone at the run's rate: "
              + judged.reason());
        }
      }
      p.result = new MetricComparison(p.metric, p.category, finite(t.baseline()), finite(t.current()),
          finite(t.relativeChange()), finite(t.intervalLow()), finite(t.intervalHigh()),
          Double.isNaN(t.pWorse()) ? null : t.pWorse(), t.noiseSource() + p.historyNote, judged.finding(),
          judged.reason(), t.samplesNeeded() > 0 ? t.samplesNeeded() : null);
    }
  }

  private static Pending percentile(List<Pending> pending, String metric, double quantile,
      RunFigures.VariantFigures base, RunFigures.VariantFigures now, List<RunFigures.VariantFigures> past,
      List<String> pastIds, double tolerance, String env, ToDoubleFunction<RunFigures.VariantFigures> value,
      java.util.function.Function<RunFigures.VariantFigures, double[]> rounds, boolean recent) {
    Measurement b = percentileOf(base, quantile, rounds);
    Measurement n = percentileOf(now, quantile, rounds);
    return performance(pending, metric, "ms", b, n, values(past, pastIds, value), tolerance, env,
        Direction.HIGHER_IS_WORSE, recent);
  }

  /** The order-statistic interval when the histogram is there, the rounds otherwise (old passports). */
  private static Measurement percentileOf(RunFigures.VariantFigures f, double quantile,
      java.util.function.Function<RunFigures.VariantFigures, double[]> rounds) {
    Distribution latency = f.latency() == null ? null : f.latency().get();
    if (latency != null && latency.count() > 0) {
      return Measurement.of(QuantileInterval.of(latency, quantile, RegressionTest.INTERVAL_CONFIDENCE, 1000.0));
    }
    return Measurement.ofRounds(rounds.apply(f));
  }

  /**
   * The number of recent clean measurements whose mean is the reference of a variant compared
   * with its latest clean measurements: a mean of five is far less noisy than one run, so the
   * change's run-to-run error is {@code sqrt(1 + 1/5)} of one run's spread instead of {@code
   * sqrt(2)}.
   */
  static final int REFERENCE_RUNS = 5;

  private static Pending performance(List<Pending> pending, String metric, String unit, Measurement base,
      Measurement now, History history, double tolerance, String env, Direction direction, boolean recent) {
    if (Double.isNaN(base.value()) || Double.isNaN(now.value())) {
      RegressionTest.Test none = new RegressionTest.Test(base.value(), now.value(), Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN, "none", Double.NaN, Double.NaN, false, 0,
          "not measured in " + (Double.isNaN(base.value()) ? "the baseline" : "this run"));
      Pending p = new Pending(metric, "performance", unit, none, tolerance, direction, null, "");
      pending.add(p);
      return p;
    }
    Measurement reference = base;
    int runs = 1;
    String note = history.note();
    if (recent && history.values().size() >= RegressionTest.MIN_HISTORY) {
      // the latest clean measurements since the metric's change point, in a like environment: the
      // newest is the baseline itself
      List<Double> latest = history.values().subList(0, Math.min(REFERENCE_RUNS, history.values().size()));
      runs = latest.size();
      double mean = Math.exp(latest.stream().mapToDouble(Math::log).average().orElse(Math.log(base.value())));
      reference = new Measurement(mean, base.logStandardError() / Math.sqrt(runs), null);
      note += String.format(Locale.ROOT, "; compared with the mean of the latest %d clean runs", runs);
    }
    RegressionTest.Test test = RegressionTest.test(reference, now, history.values(), tolerance, direction, runs);
    Pending p = new Pending(metric, "performance", unit, test, tolerance, direction, env, note);
    pending.add(p);
    return p;
  }

  /**
   * The history of one metric, cut at its latest change point: values before a shift in level
   * are not noise around today's level.
   */
  record History(List<Double> values, String note) {}

  static History values(List<RunFigures.VariantFigures> past, List<String> ids,
      ToDoubleFunction<RunFigures.VariantFigures> value) {
    List<Double> newestFirst = new ArrayList<>();
    List<String> idsKept = new ArrayList<>();
    for (int i = 0; i < past.size(); i++) {
      double v = value.applyAsDouble(past.get(i));
      if (Double.isFinite(v) && v > 0) {
        newestFirst.add(v);
        idsKept.add(i < ids.size() ? ids.get(i) : "?");
      }
    }
    if (newestFirst.size() < 2 * ChangePoints.DEFAULT_MIN_SEGMENT) {
      return new History(newestFirst, "");
    }
    double[] oldestFirst = new double[newestFirst.size()];
    for (int i = 0; i < oldestFirst.length; i++) {
      oldestFirst[i] = Math.log(newestFirst.get(newestFirst.size() - 1 - i));
    }
    List<ChangePoints.ChangePoint> points = ChangePoints.find(oldestFirst);
    if (points.isEmpty()) {
      return new History(newestFirst, "");
    }
    int start = points.get(points.size() - 1).index();
    int keep = oldestFirst.length - start;
    return new History(newestFirst.subList(0, keep),
        " (since the change point at " + idsKept.get(keep - 1) + ")");
  }

  /**
   * Memory is one reading per run, so only the variant's history can say how much it varies: with
   * fewer than {@value RegressionTest#MIN_HISTORY} earlier runs the finding is inconclusive. The
   * delta is compared as growth relative to the baseline's peak, since a delta near zero has no
   * meaningful ratio.
   */
  private static void memory(List<Pending> pending, List<Object> slots, String metric, Long base, Long now,
      List<RunFigures.VariantFigures> past, List<String> pastIds,
      java.util.function.Function<RunFigures.VariantFigures, Long> pick, double tolerance, Long basePeak) {
    // The delta as a share of the baseline's peak: shift every value by the peak, so that ratios
    // mean "memory after the variant" rather than a ratio of two small deltas.
    double shift = basePeak != null && basePeak > 0 ? basePeak : 0;
    single(pending, slots, metric, "memory", "bytes", base == null ? null : base.doubleValue(),
        now == null ? null : now.doubleValue(), past, pastIds,
        f -> pick.apply(f) == null ? null : pick.apply(f).doubleValue(), tolerance, shift);
  }

  /**
   * A figure measured once a run (target memory, the target's cost per request): its noise is the
   * spread of earlier clean runs, so without enough of them it is {@code inconclusive}.
   */
  private static void single(List<Pending> pending, List<Object> slots, String metric, String category, String unit,
      Double base, Double now, List<RunFigures.VariantFigures> past, List<String> pastIds,
      java.util.function.Function<RunFigures.VariantFigures, Double> pick, double tolerance, double shift) {
    single(pending, slots, metric, category, unit, base, now, past, pastIds, pick, tolerance, shift, Direction.HIGHER_IS_WORSE);
  }

  private static void single(List<Pending> pending, List<Object> slots, String metric, String category, String unit,
      Double base, Double now, List<RunFigures.VariantFigures> past, List<String> pastIds,
      java.util.function.Function<RunFigures.VariantFigures, Double> pick, double tolerance, double shift,
      Direction worse) {
    if (base == null || now == null) {
      return;
    }
    History history = values(past, pastIds, f -> pick.apply(f) == null ? Double.NaN : pick.apply(f) + shift);
    if (history.values().size() < RegressionTest.MIN_HISTORY) {
      slots.add(new MetricComparison(metric, category, base, now,
          base == 0 ? null : now / base - 1, null, null, null, "none", Finding.INCONCLUSIVE,
          String.format(Locale.ROOT, "%d earlier clean runs; %d are needed to know this variant's run-to-run noise",
              history.values().size(), RegressionTest.MIN_HISTORY), null));
      return;
    }
    RegressionTest.Test test = RegressionTest.test(Measurement.single(base + shift), Measurement.single(now + shift),
        history.values(), tolerance, worse);
    Pending p = new Pending(metric, category, unit, test, tolerance, worse, null, history.note());
    pending.add(p);
    slots.add(p);
  }

  /**
   * Error rates as proportions: a one-sided two-proportion z-test, counted only when the rise is
   * beyond the tolerance (and beyond 0.1 percentage points, so that 1 error in 10,000 after none
   * is not a regression).
   */
  private static Pending errorRate(List<Pending> pending, RunFigures.VariantFigures base,
      RunFigures.VariantFigures now, double tolerance, String env) {
    double p1 = base.requests() == 0 ? 0 : (double) base.failed() / base.requests();
    double p2 = now.requests() == 0 ? 0 : (double) now.failed() / now.requests();
    double pooled = (double) (base.failed() + now.failed()) / Math.max(1, base.requests() + now.requests());
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / Math.max(1, base.requests()) + 1.0 / Math.max(1, now.requests())));
    double z = se == 0 ? 0 : (p2 - p1) / se;
    double margin = Math.max(tolerance * p1, 0.001);
    double pWorse = p2 - p1 > margin ? Distributions.normalUpperTail(z) : 1;
    double pBetter = p1 - p2 > margin ? Distributions.normalCdf(z) : 1;
    RegressionTest.Test test = new RegressionTest.Test(p1, p2, p1 == 0 ? (p2 == 0 ? 0 : Double.NaN) : p2 / p1 - 1,
        Double.NaN, Double.NaN, pWorse, pBetter, "counts", se, Double.POSITIVE_INFINITY, true, 0, "");
    Pending p = new Pending("error_rate", "performance", "ratio", test, tolerance, Direction.HIGHER_IS_WORSE, env, "");
    pending.add(p);
    return p;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
