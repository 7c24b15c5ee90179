package io.cartographer.passport;

import io.cartographer.load.ErrorKind;
import io.cartographer.load.LatencyDistribution;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMemory;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.RunVerdict;
import io.cartographer.verdict.ThresholdCheck;
import io.cartographer.verdict.VariantVerdict;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the passport of a run from its plan and the outcome of each variant. */
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
      Instant finishedAt) {}

  public static Passport assemble(Plan plan, RunFacts facts, List<VariantOutcome> outcomes) {
    RunVerdict run = RunVerdict.of(outcomes.stream().map(VariantOutcome::verdict).toList());
    long totalRequests = outcomes.stream().mapToLong(o -> o.result().requests()).sum();
    long totalErrors = outcomes.stream().mapToLong(o -> o.result().failed()).sum();
    double seconds = Duration.between(facts.startedAt(), facts.finishedAt()).toMillis() / 1000.0;
    return new Passport(
        Passport.SCHEMA,
        facts.passportId(),
        facts.runId(),
        "complete",
        new Passport.Probe(facts.probeVersion(), runtime(), facts.trigger()),
        new Passport.PlanInfo(plan.name(), plan.digest(), plan.baseUrl().toString(), facts.planSource()),
        facts.startedAt().toString(),
        facts.finishedAt().toString(),
        new Passport.Guarantee(
            run.label(),
            run.pass(),
            false,
            "not evaluated: this probe version judges thresholds only, not regressions against a baseline"),
        plan.endpoints().stream()
            .map(e -> new Passport.EndpointProfile(e.name(), e.path(), e.variants().size()))
            .toList(),
        outcomes.stream().map(PassportAssembler::testResult).toList(),
        new Passport.Summary(
            run.label(), run.variants(), run.passed(), run.failed(), totalRequests, totalErrors, seconds),
        limits(plan.defaultThresholds()),
        systemInfo());
  }

  private static Passport.TestResult testResult(VariantOutcome outcome) {
    VariantResult r = outcome.result();
    Variant v = r.variant();
    VariantVerdict verdict = outcome.verdict();
    Map<String, String> notMeasured = new LinkedHashMap<>();
    Passport.Latency latency = null;
    if (r.latency().count() > 0) {
      LatencyDistribution d = r.latency();
      latency =
          new Passport.Latency(
              d.minMillis(),
              d.meanMillis(),
              d.percentileMillis(50),
              d.percentileMillis(90),
              d.percentileMillis(95),
              d.percentileMillis(99),
              d.percentileMillis(99.9),
              d.maxMillis());
    } else {
      notMeasured.put("latency_ms", "no successful request to measure");
    }
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
        v.family(),
        v.method(),
        v.pathAndQuery(),
        v.expectedStatus(),
        load(v.load()),
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
        r.measuredSeconds(),
        r.throughput(),
        r.bytesReceived(),
        latency,
        new Passport.EncodedHistogram(
            "hdrhistogram-compressed-base64", "us", 3, r.latency().count(), r.latency().encoded()),
        new Passport.Memory(
            probeMemory(outcome.probeBefore(), outcome.probeAfter()),
            new Passport.MemoryFigures(
                null, null, null, null, null, "the plan names no metrics endpoint of the target")),
        limits(v.thresholds()),
        verdict.checks().stream().map(PassportAssembler::check).toList(),
        verdict.passed() ? "pass" : "fail",
        verdict.reason(),
        notMeasured);
  }

  private static Passport.MemoryFigures probeMemory(ProbeMemory before, ProbeMemory after) {
    String rssMissing = before.rssUnavailable() != null ? before.rssUnavailable() : after.rssUnavailable();
    return new Passport.MemoryFigures(
        "probe process: JVM MemoryMXBean heap, /proc/self/status VmRSS",
        before.heapUsedBytes(),
        after.heapUsedBytes(),
        before.rssBytes(),
        after.rssBytes(),
        rssMissing == null ? null : "rss: " + rssMissing);
  }

  private static Passport.Check check(ThresholdCheck c) {
    return new Passport.Check(c.metric(), c.limit(), c.actual(), c.passed(), c.reason());
  }

  private static Passport.Load load(LoadSettings l) {
    return new Passport.Load(
        l.model().name().toLowerCase(Locale.ROOT),
        l.concurrency(),
        l.requests(),
        l.duration() == null ? null : l.duration().toNanos() / 1e9,
        l.warmup(),
        l.timeout().toNanos() / 1e6,
        l.maxBodyBytes());
  }

  static Passport.Limits limits(Thresholds t) {
    return new Passport.Limits(
        t.maxP50() == null ? null : t.maxP50().toNanos() / 1e6,
        t.maxP99() == null ? null : t.maxP99().toNanos() / 1e6,
        t.maxErrorRate());
  }

  private static String runtime() {
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
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
  }
}
