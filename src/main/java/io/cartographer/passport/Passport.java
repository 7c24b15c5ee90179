package io.cartographer.passport;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.cartographer.verdict.ComparisonStatus;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.ThresholdCheck;
import io.cartographer.verdict.VariantComparison;
import io.cartographer.verdict.VariantVerdict;
import io.cartographer.verdict.Verdict;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The passport of one run, schema {@value #SCHEMA}; the file {@code passport.schema.json} on the
 * classpath describes the same shape. Keys are written in snake_case. A figure that was not
 * measured is {@code null}, and the result's {@code not_measured} map says why. Only boxed
 * numbers and booleans and the properties marked {@link Nullable} may be {@code null}; {@link
 * PassportJson#read} refuses a file where anything else is null or missing.
 */
@RegisterForReflection
public record Passport(
    String schema,
    String id,
    String runId,
    Status status,
    Probe cartographer,
    PlanInfo plan,
    String startedAt,
    String finishedAt,
    Guarantee performanceGuarantee,
    List<EndpointProfile> endpointsProfiled,
    List<TestResult> testResults,
    Summary summary,
    Limits thresholds,
    SystemInfo systemInfo,
    @Nullable ShardInfo shard) {

  public static final String SCHEMA = "cartographer.passport/v1";

  /** Whether the run ran every variant it planned. */
  @RegisterForReflection
  public enum Status {
    @JsonProperty("complete")
    COMPLETE,
    /** Stopped early; never a pass, never a baseline. */
    @JsonProperty("aborted")
    ABORTED
  }

  /** This passport with another status. */
  public Passport withStatus(Status changed) {
    return new Passport(schema, id, runId, changed, cartographer, plan, startedAt, finishedAt,
        performanceGuarantee, endpointsProfiled, testResults, summary, thresholds, systemInfo, shard);
  }

  /** This passport with another guarantee. */
  public Passport withPerformanceGuarantee(Guarantee changed) {
    return new Passport(schema, id, runId, status, cartographer, plan, startedAt, finishedAt,
        changed, endpointsProfiled, testResults, summary, thresholds, systemInfo, shard);
  }

  /** This passport with another summary. */
  public Passport withSummary(Summary changed) {
    return new Passport(schema, id, runId, status, cartographer, plan, startedAt, finishedAt,
        performanceGuarantee, endpointsProfiled, testResults, changed, thresholds, systemInfo, shard);
  }

  /**
   * Set on the passport of one shard of a distributed run, {@code null} otherwise; a merged
   * passport has {@code merged_from} set instead.
   */
  @RegisterForReflection
  public record ShardInfo(Integer index, int count, Boolean mergedFrom) {}

  /**
   * The probe that wrote the passport.
   *
   * @param processRunsBefore runs this probe process had finished before this one: 0 is a cold
   *     probe, whose figures carry its own JIT compilation and are compared only with cold runs;
   *     {@code null} in passports written before it was recorded
   */
  @RegisterForReflection
  public record Probe(String version, String runtime, String trigger, Integer processRunsBefore) {}

  /** Which plan ran. */
  @RegisterForReflection
  public record PlanInfo(String name, String digest, String baseUrl, String source) {}

  /** The run's promise: thresholds met, and how regressions were judged. */
  @RegisterForReflection
  public record Guarantee(
      Verdict verdict,
      boolean thresholdsMet,
      boolean regressionsEvaluated,
      @Nullable String regressionNote) {}

  /** One endpoint of the plan. */
  @RegisterForReflection
  public record EndpointProfile(String name, String path, int variants) {}

  /** How a variant was loaded; {@code http_version} is the one the plan asked for. */
  @RegisterForReflection
  public record Load(
      String model,
      Integer concurrency,
      Long requests,
      Double durationSeconds,
      int warmup,
      double timeoutMs,
      long maxBodyBytes,
      Double ratePerSecond,
      Integer maxConnections,
      Double lateToleranceMs,
      int rounds,
      @Nullable String httpVersion,
      @Nullable List<Stage> stages) {}

  /**
   * A stage of a staged load: the load moves in a straight line to {@code target} over {@code
   * duration_seconds}, from the previous stage's target (the first: from the load's rate or
   * concurrency).
   *
   * @param target requests per second (open model) or connections (closed)
   * @param measure whether its requests count in the figures, thresholds and comparisons
   */
  @RegisterForReflection
  public record Stage(double durationSeconds, double target, boolean measure) {}

  /**
   * Statistics of one histogram: milliseconds for latencies, bytes for sizes. Percentiles are
   * within 0.1 % (latency) or 1 % (sizes) of the recorded values.
   */
  @RegisterForReflection
  public record Stats(
      double min,
      double mean,
      double stddev,
      double p50,
      double p75,
      double p90,
      double p95,
      double p99,
      @JsonProperty("p99_9") double p999,
      @JsonProperty("p99_99") double p9999,
      double max) {}

  /** A compressed HdrHistogram that later tools can decode, merge and re-analyse. */
  @RegisterForReflection
  public record EncodedHistogram(
      String encoding, String unit, int significantDigits, long count, String data) {}

  /**
   * The raw histograms behind the statistics, each written even when empty (count 0), except
   * {@code service_time}, which is {@code null} in the closed model.
   */
  @RegisterForReflection
  public record Histograms(
      EncodedHistogram latency,
      @Nullable EncodedHistogram serviceTime,
      EncodedHistogram ttfb,
      EncodedHistogram responseBytes) {}

  /**
   * One round of the measured phase; the regression test compares runs round by round.
   * Percentiles are {@code null} when the round had no successful request.
   */
  @RegisterForReflection
  public record Round(
      long requests,
      long failed,
      double seconds,
      double throughputRps,
      double errorRate,
      Double p50Ms,
      Double p99Ms,
      EncodedHistogram latency) {}

  /**
   * The measured phase second by second, in columns: entry {@code i} of every list is interval
   * {@code i}, in order; an interval is {@code interval_seconds} long but for the last, which ends
   * with the phase. Percentiles are the interval histogram's values, {@code null} in an interval
   * without a successful request.
   *
   * @param offsetSeconds each interval's start, in seconds after the start of the measured phase
   * @param errorsByKind failed requests by kind, for the kinds that occurred in the variant
   * @param inFlight requests sent and not completed at each interval's end
   * @param late open model: requests sent later than the late tolerance; {@code null} in the
   *     closed model
   * @param stage a staged load: the index (in {@code load.stages}) of the stage each interval
   *     starts in; {@code null} otherwise
   * @param targetMemoryBytes the target's memory as last read in each interval ({@code null} in an
   *     interval without a reading); {@code null} when the plan reads no target memory
   * @param latencyLog the intervals' latency histograms in HdrHistogram's interval-log format, or
   *     {@code null} where none was written (a shard's passport)
   */
  @RegisterForReflection
  public record Timeline(
      double intervalSeconds,
      List<Double> offsetSeconds,
      List<Double> seconds,
      List<Long> requests,
      List<Long> errors,
      Map<String, List<Long>> errorsByKind,
      List<Double> throughputRps,
      @JsonSetter(contentNulls = Nulls.SET) List<Double> p50Ms,
      @JsonSetter(contentNulls = Nulls.SET) List<Double> p90Ms,
      @JsonSetter(contentNulls = Nulls.SET) List<Double> p99Ms,
      @JsonSetter(contentNulls = Nulls.SET) List<Double> maxMs,
      List<Long> inFlight,
      @Nullable List<Long> late,
      @Nullable List<Long> dropped,
      @Nullable List<Integer> stage,
      @Nullable @JsonSetter(contentNulls = Nulls.SET) List<Long> targetMemoryBytes,
      @Nullable LatencyLog latencyLog) {}

  /**
   * Where a variant's interval histograms are: {@code file} in the passport directory (served at
   * {@code GET /passports/{id}/latency-log}), the lines tagged {@code tag}, readable by
   * HdrHistogram's {@code HistogramLogReader} and {@code HistogramLogAnalyzer}.
   *
   * @param valueUnit the unit of the recorded values ({@code us}); the lines' maxima are in ms
   */
  @RegisterForReflection
  public record LatencyLog(String file, String tag, int intervals, String valueUnit) {}

  /**
   * The capacity model: what its search found, and every step.
   *
   * @param status {@code found}, {@code at-least-to}, {@code below-from}, {@code probe-limited} or
   *     {@code stopped}
   * @param kneeRps the highest rate at which the variant's limits held; {@code null} when none did
   */
  @RegisterForReflection
  public record Capacity(
      String status,
      Double kneeRps,
      double fromRps,
      double toRps,
      double stepSeconds,
      double precision,
      List<CapacityStep> steps,
      String reason) {}

  /** One step of a capacity search: a constant rate for the step's length. */
  @RegisterForReflection
  public record CapacityStep(
      double rateRps,
      double seconds,
      long requests,
      long errors,
      Double p50Ms,
      Double p99Ms,
      Double serviceTimeP99Ms,
      long dropped,
      long late,
      boolean holds,
      String reason) {}

  /** Open model: what was planned and what the probe managed. */
  @RegisterForReflection
  public record OpenModel(
      double requestedRps, long intended, long sent, long late, long dropped, double lateToleranceMs) {}

  /** Whether the responses' bodies were alike. */
  @RegisterForReflection
  public record Determinism(
      boolean checked,
      List<String> ignoredFields,
      String digest,
      int distinctDigests,
      boolean moreThanCounted,
      Boolean deterministic,
      List<String> digests) {}

  /** Memory of the probe and of the target around a variant. */
  @RegisterForReflection
  public record Memory(ProbeMemory probe, TargetMemory target) {}

  /** The probe process's own memory; {@code null} figures are explained by {@code not_measured}. */
  @RegisterForReflection
  public record ProbeMemory(
      String source,
      long heapUsedBeforeBytes,
      long heapUsedAfterBytes,
      Long rssBeforeBytes,
      Long rssAfterBytes) {}

  /** The target's memory from its metrics endpoint; {@code null} figures: see {@code not_measured}. */
  @RegisterForReflection
  public record TargetMemory(
      @Nullable String sourceUrl,
      @Nullable String series,
      Long beforeBytes,
      Long afterBytes,
      Long peakBytes,
      Long deltaBytes,
      int samples,
      int failedSamples,
      @Nullable Growth growth) {}

  /**
   * The target's memory against the requests served, over the measured phase's rounds; {@code
   * null} figures: see {@code not_measured["memory.target.growth"]}. {@code null} as a whole in
   * passports written before it existed.
   */
  @RegisterForReflection
  public record Growth(int readings, Double bytesPerRequest, Double intervalLow, Double intervalHigh) {}

  /**
   * What each request cost the target over the measured phase, from its metrics endpoint's
   * counters at the start and the end; {@code null} figures: see {@code not_measured} under {@code
   * target_efficiency.*}. {@code null} as a whole in passports written before it existed.
   */
  @RegisterForReflection
  public record TargetEfficiency(
      @Nullable String runtime,
      long requests,
      double seconds,
      @JsonProperty("cpu_seconds_per_1k_requests") Double cpuSecondsPer1kRequests,
      Double cpuCores,
      @Nullable String cpuSeries,
      Double allocPerRequest,
      @Nullable String allocUnit,
      @Nullable String allocSeries,
      @JsonProperty("gc_collections_per_1k_requests") Double gcCollectionsPer1kRequests,
      @JsonProperty("gc_pause_ms_per_1k_requests") Double gcPauseMsPer1kRequests,
      @Nullable String gcSeries,
      Long openFdsDelta,
      @Nullable String openFdsSeries,
      @Nullable DescriptorGrowth openFdsGrowth) {}

  /**
   * The target's open descriptors against the requests served, over the measured phase's rounds,
   * per 1,000 requests; {@code null} figures: see {@code
   * not_measured["target_efficiency.open_fds_growth"]}. {@code null} as a whole in passports
   * written before it existed.
   */
  @RegisterForReflection
  public record DescriptorGrowth(
      int readings,
      @JsonProperty("per_1k_requests") Double per1kRequests,
      Double intervalLow,
      Double intervalHigh) {}

  /** The probe's own load, and whether it may have set the pace instead of the target. */
  @RegisterForReflection
  public record ProbeResources(
      Double cpuSeconds,
      Double cpuUtilization,
      double eventLoopLagP99Ms,
      double eventLoopLagMaxMs,
      long eventLoopLagSamples,
      boolean saturated,
      String evidence,
      Double hostOtherCpuCores,
      Double hostStealCores) {}

  /** One threshold check. */
  @RegisterForReflection
  public record Check(
      ThresholdCheck.Category category,
      String metric,
      double limit,
      Double actual,
      boolean passed,
      String reason) {}

  /** The limits of a variant, or the plan's defaults. {@code null}: not checked. */
  @RegisterForReflection
  public record Limits(
      Double maxP50Ms,
      Double maxP99Ms,
      Double maxErrorRate,
      Long maxMemoryDeltaBytes,
      Long maxMemoryPeakBytes,
      Double maxMemoryGrowthBytesPerRequest,
      Double maxCpuMsPerRequest,
      Long maxAllocBytesPerRequest,
      Double maxGcPauseShare,
      Long maxFdDelta,
      @JsonProperty("max_fd_growth_per_1k_requests") Double maxFdGrowthPer1kRequests,
      @JsonSetter(nulls = Nulls.AS_EMPTY) List<WindowLimit> windows) {}

  /**
   * A limit judged over a sliding window while the variant ran.
   *
   * @param metric {@code p50_ms}, {@code p90_ms}, {@code p99_ms} or {@code error_rate}
   * @param max the limit, in the metric's unit
   * @param abort what a breach stopped when {@code abort_on_fail}: {@code variant} or {@code run}
   */
  @RegisterForReflection
  public record WindowLimit(
      String metric, double max, double windowSeconds, boolean abortOnFail, String abort, double graceSeconds) {}

  /** A variant against its own baseline; {@code baseline_id} names the passport it was compared with. */
  @RegisterForReflection
  public record Comparison(
      ComparisonStatus status,
      String reason,
      @Nullable String baselineId,
      List<VariantComparison.MetricComparison> metrics) {

    /** How many of its metrics came to {@code finding}. */
    public long count(io.cartographer.verdict.RegressionTest.Finding finding) {
      return metrics.stream().filter(m -> m.finding() == finding).count();
    }
  }

  /**
   * An earlier measurement of a variant in the same run, superseded because it looked regressed
   * and was measured again ({@code --confirm}).
   *
   * @param regressed the metrics it found regressed
   */
  @RegisterForReflection
  public record Attempt(
      String startedAt,
      String finishedAt,
      long requests,
      long failed,
      Double p50Ms,
      Double p99Ms,
      double throughputRps,
      List<String> regressed) {}

  /** Which passport a run was compared with, and why that one. */
  @RegisterForReflection
  public record Baseline(@Nullable String id, @Nullable String source, List<String> warnings) {}

  /** The result of one variant. */
  @RegisterForReflection
  public record TestResult(
      String endpoint,
      String variant,
      @Nullable String definitionDigest,
      String family,
      String method,
      String path,
      int expectedStatus,
      Load load,
      String startedAt,
      String finishedAt,
      long requests,
      long warmupRequests,
      long succeeded,
      long failed,
      double errorRate,
      Map<String, Long> errors,
      Map<String, String> errorSamples,
      Map<String, Long> statusCounts,
      @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Long> httpVersions,
      double durationSeconds,
      double throughputRps,
      Double requestedRps,
      @Nullable OpenModel openModel,
      long bytesReceived,
      @Nullable Stats latencyMs,
      @Nullable Stats serviceTimeMs,
      @Nullable Stats ttfbMs,
      @Nullable Stats responseBytes,
      Histograms histograms,
      @JsonSetter(nulls = Nulls.AS_EMPTY) List<Round> rounds,
      @Nullable Timeline timeline,
      Determinism determinism,
      Memory memory,
      @Nullable TargetEfficiency targetEfficiency,
      ProbeResources probeResources,
      boolean probeSaturated,
      Limits thresholds,
      List<Check> checks,
      VariantVerdict.Result verdict,
      String reason,
      @Nullable Comparison comparison,
      List<Attempt> attempts,
      @Nullable String stoppedBecause,
      @Nullable Capacity capacity,
      Map<String, String> notMeasured) {

    /** {@code endpoint/variant}: unique within a plan. */
    public String key() {
      return endpoint + "/" + variant;
    }

    /** The metrics its comparison judged; none when it was not compared. */
    public List<VariantComparison.MetricComparison> comparedMetrics() {
      return comparison == null ? List.of() : comparison.metrics();
    }

    /** Whether its comparison found a metric regressed. */
    public boolean regressed() {
      return comparison != null && comparison.count(io.cartographer.verdict.RegressionTest.Finding.REGRESSION) > 0;
    }
  }

  /**
   * The run summed up.
   *
   * @param failures variants that failed a check of each kind: latency, errors, memory, load
   * @param regressionVerdict {@code null} when not compared
   * @param falseAlarmRate the run-level false-alarm rate the comparison was decided at
   * @param deterministicScore share of the compared variants whose bodies were all alike, or {@code
   *     null} when no variant was compared
   */
  @RegisterForReflection
  public record Summary(
      Verdict verdict,
      int variants,
      int passed,
      int failed,
      Map<String, Integer> failures,
      long totalRequests,
      long totalErrors,
      double durationSeconds,
      Double deterministicScore,
      int deterministicVariants,
      int comparedVariants,
      int probeSaturatedVariants,
      @Nullable Baseline baseline,
      Integer performanceRegressions,
      Integer memoryRegressions,
      Integer improvements,
      @Nullable RunComparison.Verdict regressionVerdict,
      Double falseAlarmRate) {

    /** This summary with another verdict. */
    public Summary withVerdict(Verdict changed) {
      return new Summary(changed, variants, passed, failed, failures, totalRequests, totalErrors,
          durationSeconds, deterministicScore, deterministicVariants, comparedVariants, probeSaturatedVariants,
          baseline, performanceRegressions, memoryRegressions, improvements, regressionVerdict, falseAlarmRate);
    }
  }

  /** Where the probe ran. */
  @RegisterForReflection
  public record SystemInfo(
      String javaVersion,
      @Nullable String javaVendor,
      @Nullable String vmName,
      @Nullable String osName,
      @Nullable String osArch,
      int availableProcessors,
      long maxHeapBytes,
      @Nullable String cpuModel) {}
}
