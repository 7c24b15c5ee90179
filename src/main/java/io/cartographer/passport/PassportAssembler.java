package io.cartographer.passport;

import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.verdict.Verdict;
import io.cartographer.load.BodyDigests;
import io.cartographer.load.Distribution;
import io.cartographer.load.ErrorKind;
import io.cartographer.load.OpenModelCounts;
import io.cartographer.load.Timeline;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.plan.HttpProtocol;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.ComparisonJudge;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.RunVerdict;
import io.cartographer.verdict.VariantComparison;
import io.cartographer.verdict.ThresholdCheck;
import io.cartographer.verdict.VariantVerdict;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the passport of a run from its plan and the outcome of each variant. Every figure that
 * could not be measured is written as {@code null} with its reason in the result's {@code
 * not_measured} map.
 */
public final class PassportAssembler {

  private PassportAssembler() {}

  /** What the run was and where it came from. */
  public record RunFacts(
      String passportId,
      String runId,
      String trigger,
      String planSource,
      String probeVersion,
      Instant startedAt,
      Instant finishedAt,
      int processRunsBefore) {

    public RunFacts(String passportId, String runId, String trigger, String planSource, String probeVersion,
        Instant startedAt, Instant finishedAt) {
      this(passportId, runId, trigger, planSource, probeVersion, startedAt, finishedAt, 0);
    }
  }

  public static Passport assemble(Plan plan, RunFacts facts, List<VariantOutcome> outcomes) {
    return assemble(plan, facts, outcomes, null, null);
  }

  /**
   * Assembles a passport.
   *
   * @param shard set for a shard of a distributed run or their merge, otherwise {@code null}
   * @param comparison the run against its baseline, or {@code null} when not compared
   */
  public static Passport assemble(
      Plan plan,
      RunFacts facts,
      List<VariantOutcome> outcomes,
      Passport.ShardInfo shard,
      RunComparison comparison) {
    RunVerdict run = RunVerdict.of(outcomes.stream().map(VariantOutcome::verdict).toList());
    double seconds = Duration.between(facts.startedAt(), facts.finishedAt()).toMillis() / 1000.0;
    return new Passport(
        Passport.SCHEMA,
        facts.passportId(),
        facts.runId(),
        Passport.Status.COMPLETE,
        new Passport.Probe(facts.probeVersion(), runtime(), facts.trigger(), facts.processRunsBefore()),
        new Passport.PlanInfo(plan.name(), plan.digest(), plan.baseUrl().toString(), facts.planSource()),
        facts.startedAt().toString(),
        facts.finishedAt().toString(),
        guarantee(run, comparison),
        plan.endpoints().stream()
            .map(e -> new Passport.EndpointProfile(e.name(), e.path(), e.variants().size()))
            .toList(),
        outcomes.stream()
            .map(o -> testResult(o, comparison, plan.connection().httpVersion(),
                shard == null ? latencyLogFile(facts.passportId()) : null))
            .toList(),
        summary(run, outcomes, seconds, comparison),
        limits(plan.defaultThresholds()),
        systemInfo(),
        shard);
  }

  /**
   * The passport of a run stopped early: status {@code aborted} and verdict FAIL whatever the
   * variants that ran say, so that it is never taken for a pass or a baseline.
   *
   * @param planned variants the run was to run
   */
  public static Passport aborted(Passport ran, String why, int planned) {
    String note =
        String.format(
            Locale.ROOT, "aborted: %s; %d of %d variants ran", why, ran.testResults().size(), planned);
    return ran.withStatus(Passport.Status.ABORTED)
        .withPerformanceGuarantee(new Passport.Guarantee(Verdict.FAIL, false, false, note))
        .withSummary(ran.summary().withVerdict(Verdict.FAIL));
  }

  private static Passport.Guarantee guarantee(RunVerdict run, RunComparison comparison) {
    if (comparison == null) {
      return new Passport.Guarantee(run.verdict(), run.pass(), false, "not compared with a baseline");
    }
    if (comparison.baselineId() == null) {
      return new Passport.Guarantee(run.verdict(), run.pass(), false,
          "no baseline yet: no variant has an earlier clean measurement to compare with");
    }
    ComparisonJudge.Counts c = comparison.counts();
    long compared = comparison.byVariant().values().stream().filter(v -> v.status() == ComparisonStatus.COMPARED).count();
    return new Passport.Guarantee(run.verdict(), run.pass(), true,
        String.format(Locale.ROOT,
            "%s: %d of %d variants compared with their own baselines (most with %s, %s) at a run-level false-alarm rate of %.1f%%: %d performance and %d memory regressions, %d improvements, %d inconclusive for their environment",
            comparison.verdict().label(), compared, comparison.byVariant().size(), comparison.baselineId(),
            comparison.baselineSource(), comparison.falseAlarmRate() * 100, c.performanceRegressions(),
            c.memoryRegressions(), c.improvements(), c.inconclusiveEnvironment()));
  }

  private static Passport.Summary summary(
      RunVerdict run, List<VariantOutcome> outcomes, double seconds, RunComparison comparison) {
    Map<String, Integer> failures = new LinkedHashMap<>();
    run.failuresByCategory().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> failures.put(e.getKey().label(), e.getValue()));
    List<Boolean> compared =
        outcomes.stream().map(o -> o.result().digests().deterministic()).filter(d -> d != null).toList();
    int deterministic = (int) compared.stream().filter(d -> d).count();
    return new Passport.Summary(
        run.verdict(),
        run.variants(),
        run.passed(),
        run.failed(),
        failures,
        outcomes.stream().mapToLong(o -> o.result().requests()).sum(),
        outcomes.stream().mapToLong(o -> o.result().failed()).sum(),
        seconds,
        compared.isEmpty() ? null : (double) deterministic / compared.size(),
        deterministic,
        compared.size(),
        (int) outcomes.stream().filter(o -> o.probe().saturated()).count(),
        comparison == null ? null : new Passport.Baseline(comparison.baselineId(), comparison.baselineSource(), comparison.warnings()),
        comparison == null ? null : comparison.counts().performanceRegressions(),
        comparison == null ? null : comparison.counts().memoryRegressions(),
        comparison == null ? null : comparison.counts().improvements(),
        comparison == null ? null : comparison.verdict(),
        comparison == null ? null : comparison.falseAlarmRate());
  }

  private static Passport.Comparison comparison(VariantComparison c) {
    return c == null
        ? null
        : new Passport.Comparison(c.status(), c.reason(), c.baselineId(), c.metrics());
  }

  /** The name of the file a passport's latency interval log is stored in, beside it. */
  public static String latencyLogFile(String passportId) {
    return passportId + ".hlog";
  }

  /**
   * @param latencyLog the file the variants' interval histograms go to, or {@code null} (a shard's
   *     passport: its run's merge keeps no interval log)
   */
  private static Passport.TestResult testResult(
      VariantOutcome outcome, RunComparison comparison, HttpProtocol httpVersion, String latencyLog) {
    VariantResult r = outcome.result();
    Variant v = r.variant();
    VariantVerdict verdict = outcome.verdict();
    Map<String, String> notMeasured = new LinkedHashMap<>();
    boolean open = v.load().model() == LoadModel.OPEN;
    Passport.Stats latency = millis(r.latency(), "latency_ms", notMeasured);
    Passport.Stats service = open ? millis(r.serviceTime(), "service_time_ms", notMeasured) : null;
    if (!open) {
      notMeasured.put("service_time_ms", "closed model: requests are sent when intended, so it equals latency_ms");
    }
    Passport.Stats ttfb = millis(r.ttfb(), "ttfb_ms", notMeasured);
    Passport.Stats sizes = stats(r.responseSizes(), 1, "response_bytes", notMeasured);
    Map<String, Long> errors = new LinkedHashMap<>();
    Map<String, String> samples = new LinkedHashMap<>();
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind.label(), r.errors().getOrDefault(kind, 0L));
      if (r.errorSamples().containsKey(kind)) {
        samples.put(kind.label(), r.errorSamples().get(kind));
      }
    }
    Map<String, Long> statuses = new LinkedHashMap<>();
    r.statusCounts().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> statuses.put(Integer.toString(e.getKey()), e.getValue()));
    return new Passport.TestResult(
        v.endpoint(),
        v.name(),
        v.definitionDigest(),
        v.family(),
        v.method(),
        v.pathAndQuery(),
        v.expectedStatus(),
        load(v.load(), httpVersion),
        r.startedAt().toString(),
        r.finishedAt().toString(),
        r.requests(),
        r.warmupRequests(),
        r.succeeded(),
        r.failed(),
        r.errorRate(),
        errors,
        samples,
        statuses,
        new TreeMap<>(r.httpVersions()),
        r.measuredSeconds(),
        r.throughput(),
        open ? r.open().requestedRps() : null,
        openModel(r.open(), v.load()),
        r.bytesReceived(),
        latency,
        service,
        ttfb,
        sizes,
        new Passport.Histograms(
            encoded(r.latency(), "us", 3),
            r.serviceTime() != null ? encoded(r.serviceTime(), "us", 3) : null,
            encoded(r.ttfb(), "us", 3),
            encoded(r.responseSizes(), "bytes", 2)),
        r.rounds().stream().map(PassportAssembler::round).toList(),
        timeline(r.timeline(), outcome.target().timed(), open, v.key(), latencyLog, notMeasured),
        determinism(v, r.digests(), notMeasured),
        new Passport.Memory(probeMemory(outcome.probe(), notMeasured), targetMemory(outcome.target(), notMeasured)),
        targetEfficiency(outcome.efficiency(), notMeasured),
        probeResources(outcome.probe(), notMeasured),
        outcome.probe().saturated(),
        limits(v.thresholds()),
        verdict.checks().stream().map(PassportAssembler::check).toList(),
        verdict.result(),
        verdict.reason(),
        comparison == null ? null : comparison(comparison.byVariant().get(v.key())),
        outcome.earlierAttempts(),
        r.stoppedBecause(),
        capacity(r.capacity()),
        notMeasured);
  }

  private static Passport.Timeline timeline(Timeline t, List<io.cartographer.memory.TargetMemory.Reading> memory,
      boolean open, String key, String latencyLog, Map<String, String> notMeasured) {
    if (t == null) {
      notMeasured.put("timeline", "a distributed run's merge: each shard's passport has its own");
      return null;
    }
    List<Timeline.Interval> in = t.intervals();
    Map<String, List<Long>> byKind = new LinkedHashMap<>();
    for (ErrorKind kind : ErrorKind.values()) {
      if (in.stream().anyMatch(i -> i.errorsByKind().containsKey(kind))) {
        byKind.put(kind.label(), in.stream().map(i -> i.errorsByKind().getOrDefault(kind, 0L)).toList());
      }
    }
    if (latencyLog == null) {
      notMeasured.put("timeline.latency_log", "a shard's passport: the interval log is not kept");
    }
    return new Passport.Timeline(
        t.intervalSeconds(),
        in.stream().map(i -> round3(i.offsetSeconds())).toList(),
        in.stream().map(i -> round3(i.seconds())).toList(),
        in.stream().map(Timeline.Interval::requests).toList(),
        in.stream().map(Timeline.Interval::errors).toList(),
        byKind,
        in.stream().map(i -> i.seconds() > 0 ? round3(i.requests() / i.seconds()) : 0.0).toList(),
        in.stream().map(i -> msOrNull(i.p50Micros())).toList(),
        in.stream().map(i -> msOrNull(i.p90Micros())).toList(),
        in.stream().map(i -> msOrNull(i.p99Micros())).toList(),
        in.stream().map(i -> msOrNull(i.maxMicros())).toList(),
        in.stream().map(Timeline.Interval::inFlight).toList(),
        open ? in.stream().map(Timeline.Interval::late).toList() : null,
        open ? in.stream().map(Timeline.Interval::dropped).toList() : null,
        in.stream().anyMatch(i -> i.stage() != null) ? in.stream().map(Timeline.Interval::stage).toList() : null,
        memory.isEmpty() ? null : memoryByInterval(t, memory),
        latencyLog == null ? null : new Passport.LatencyLog(latencyLog, Timeline.tag(key), in.size(), "us"));
  }

  private static Passport.Capacity capacity(io.cartographer.load.CapacityOutcome c) {
    if (c == null) {
      return null;
    }
    return new Passport.Capacity(
        c.status(),
        c.kneeRps(),
        c.search().from(),
        c.search().to(),
        c.search().step().toNanos() / 1e9,
        c.search().precision(),
        c.steps().stream()
            .map(st -> new Passport.CapacityStep(st.rate(), round3(st.seconds()), st.requests(), st.errors(),
                msOrNull(st.p50Micros()), msOrNull(st.p99Micros()), msOrNull(st.serviceP99Micros()), st.dropped(), st.late(),
                st.holds(), st.reason()))
            .toList(),
        c.reason());
  }

  /** The last memory reading within each interval, {@code null} where none fell in it. */
  private static List<Long> memoryByInterval(Timeline t, List<io.cartographer.memory.TargetMemory.Reading> memory) {
    List<Long> column = new java.util.ArrayList<>();
    int next = 0;
    for (Timeline.Interval i : t.intervals()) {
      long end = t.startNanos() + (long) ((i.offsetSeconds() + i.seconds()) * 1e9);
      long start = t.startNanos() + (long) (i.offsetSeconds() * 1e9);
      Long last = null;
      while (next < memory.size() && memory.get(next).nanos() - end <= 0) {
        if (memory.get(next).nanos() - start >= 0) {
          last = memory.get(next).bytes();
        }
        next++;
      }
      column.add(last);
    }
    return column;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Double msOrNull(Long micros) {
    return micros == null ? null : micros / 1000.0;
  }

  private static Passport.Stats millis(Distribution d, String field, Map<String, String> notMeasured) {
    return stats(d, 1000.0, field, notMeasured);
  }

  private static Passport.Stats stats(
      Distribution d, double divisor, String field, Map<String, String> notMeasured) {
    if (d == null || d.count() == 0) {
      notMeasured.put(field, "no successful request to measure");
      return null;
    }
    return new Passport.Stats(
        d.min() / divisor,
        d.mean() / divisor,
        d.stddev() / divisor,
        d.valueAt(50) / divisor,
        d.valueAt(75) / divisor,
        d.valueAt(90) / divisor,
        d.valueAt(95) / divisor,
        d.valueAt(99) / divisor,
        d.valueAt(99.9) / divisor,
        d.valueAt(99.99) / divisor,
        d.max() / divisor);
  }

  private static Passport.Round round(io.cartographer.load.RoundFigures r) {
    boolean measured = r.latency().count() > 0;
    return new Passport.Round(
        r.requests(),
        r.failed(),
        r.seconds(),
        r.throughput(),
        r.errorRate(),
        measured ? r.latency().valueAt(50) / 1000.0 : null,
        measured ? r.latency().valueAt(99) / 1000.0 : null,
        encoded(r.latency(), "us", 3));
  }

  private static Passport.EncodedHistogram encoded(Distribution d, String unit, int digits) {
    return new Passport.EncodedHistogram(
        "hdrhistogram-compressed-base64", unit, digits, d.count(), d.encoded());
  }

  private static Passport.OpenModel openModel(OpenModelCounts open, LoadSettings load) {
    return open == null
        ? null
        : new Passport.OpenModel(
            open.requestedRps(), open.intended(), open.sent(), open.late(), open.dropped(),
            load.lateTolerance().toNanos() / 1e6);
  }

  private static Passport.Determinism determinism(
      Variant v, BodyDigests digests, Map<String, String> notMeasured) {
    if (!digests.checked()) {
      notMeasured.put("determinism", "turned off for this variant by the plan");
    } else if (digests.distinct() == 0) {
      notMeasured.put("determinism", "no successful response to compare");
    }
    return new Passport.Determinism(
        digests.checked(),
        v.determinism().ignoreFields(),
        BodyDigests.METHOD,
        digests.distinct(),
        digests.moreThanCounted(),
        digests.deterministic(),
        digests.values().stream().map(d -> String.format("%016x", d)).toList());
  }

  private static Passport.ProbeMemory probeMemory(ProbeResources p, Map<String, String> notMeasured) {
    String rssMissing = p.before().rssUnavailable() != null ? p.before().rssUnavailable() : p.after().rssUnavailable();
    if (rssMissing != null) {
      notMeasured.put("memory.probe.rss", rssMissing);
    }
    return new Passport.ProbeMemory(
        "probe process: JVM MemoryMXBean heap, /proc/self/status VmRSS",
        p.before().heapUsedBytes(),
        p.after().heapUsedBytes(),
        p.before().rssBytes(),
        p.after().rssBytes());
  }

  private static Passport.TargetMemory targetMemory(TargetMemory t, Map<String, String> notMeasured) {
    if (t.notMeasured() != null) {
      notMeasured.put("memory.target", t.notMeasured());
    }
    io.cartographer.memory.GrowthSlope g = t.growth();
    if (g.perRequest() == null) {
      notMeasured.put("memory.target.growth", g.notMeasured());
    }
    return new Passport.TargetMemory(
        t.url(), t.series(), t.beforeBytes(), t.afterBytes(), t.peakBytes(), t.deltaBytes(), t.samples(),
        t.failedSamples(), new Passport.Growth(g.readings(), g.perRequest(), g.intervalLow(), g.intervalHigh()));
  }

  private static Passport.TargetEfficiency targetEfficiency(TargetEfficiency e, Map<String, String> notMeasured) {
    e.notMeasured().forEach((figure, why) -> notMeasured.put("target_efficiency." + figure, why));
    return new Passport.TargetEfficiency(
        e.runtime(), e.requests(), e.seconds(), e.cpuSecondsPer1kRequests(), e.cpuCores(), e.cpuSeries(),
        e.allocPerRequest(), e.allocUnit(), e.allocSeries(), e.gcCollectionsPer1kRequests(),
        e.gcPauseMsPer1kRequests(), e.gcSeries(), e.openFdsDelta(), e.openFdsSeries(), descriptorGrowth(e.openFdsGrowth()));
  }

  private static Passport.DescriptorGrowth descriptorGrowth(io.cartographer.memory.GrowthSlope g) {
    return new Passport.DescriptorGrowth(g.readings(), perThousand(g.perRequest()), perThousand(g.intervalLow()),
        perThousand(g.intervalHigh()));
  }

  private static Double perThousand(Double perRequest) {
    return perRequest == null ? null : perRequest * 1000;
  }

  private static Passport.ProbeResources probeResources(ProbeResources p, Map<String, String> notMeasured) {
    if (p.cpuSeconds() == null) {
      notMeasured.put("probe_resources.cpu_seconds", "this JVM does not report process CPU time");
    }
    if (p.hostOtherCpuCores() == null) {
      notMeasured.put("probe_resources.host_other_cpu_cores",
          "the host's /proc/stat (or the probe's CPU time) cannot be read, or the run had lasted under a second at the variant's end, too short for its 10 ms ticks");
    }
    return new Passport.ProbeResources(
        p.cpuSeconds(), p.cpuUtilization(), p.loopLagP99Millis(), p.loopLagMaxMillis(), p.loopLagSamples(),
        p.saturated(), p.evidence(), p.hostOtherCpuCores(), p.hostStealCores());
  }

  private static Passport.Check check(ThresholdCheck c) {
    return new Passport.Check(c.category(), c.metric(), c.limit(), c.actual(), c.passed(), c.reason());
  }

  private static Passport.Load load(LoadSettings l, HttpProtocol httpVersion) {
    boolean open = l.model() == LoadModel.OPEN;
    return new Passport.Load(
        l.searchesCapacity() ? "capacity" : l.model().name().toLowerCase(Locale.ROOT),
        open ? null : l.concurrency(),
        l.requests(),
        l.duration() == null ? null : l.duration().toNanos() / 1e9,
        l.warmup(),
        l.timeout().toNanos() / 1e6,
        l.maxBodyBytes(),
        open ? l.rate() : null,
        open ? l.maxConnections() : null,
        open ? l.lateTolerance().toNanos() / 1e6 : null,
        l.rounds(),
        httpVersion.label(),
        l.staged()
            ? l.stages().stream().map(st -> new Passport.Stage(st.duration().toNanos() / 1e9, st.target(), st.measure())).toList()
            : null);
  }

  static Passport.Limits limits(Thresholds t) {
    return new Passport.Limits(
        t.maxP50() == null ? null : t.maxP50().toNanos() / 1e6,
        t.maxP99() == null ? null : t.maxP99().toNanos() / 1e6,
        t.maxErrorRate(),
        t.maxMemoryDelta(),
        t.maxMemoryPeak(),
        t.maxMemoryGrowth(),
        t.maxCpuPerRequest() == null ? null : t.maxCpuPerRequest().toNanos() / 1e6,
        t.maxAllocPerRequest(),
        t.maxGcPauseShare(),
        t.maxFdDelta(),
        perThousand(t.maxFdGrowth()),
        t.windowLimits().stream()
            .map(w -> new Passport.WindowLimit(
                w.metric().label(),
                w.metric().latency() ? w.limit() / 1000 : w.limit(),
                w.window().toNanos() / 1e9,
                w.abortOnFail(),
                w.abort().name().toLowerCase(Locale.ROOT),
                w.grace().toNanos() / 1e9))
            .toList());
  }

  /** {@code native} in a native executable, {@code jvm} otherwise. */
  public static String runtime() {
    return "Substrate VM".equals(System.getProperty("java.vm.name")) ? "native" : "jvm";
  }

  private static Passport.SystemInfo systemInfo() {
    return new Passport.SystemInfo(
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(),
        CpuModel.NAME);
  }
}
