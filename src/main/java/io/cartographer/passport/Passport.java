package io.cartographer.passport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The passport of one run, schema {@value #SCHEMA}; the file {@code passport.schema.json} on the
 * classpath describes the same shape. Keys are written in snake_case. A figure that was not
 * measured is {@code null}, and the result's {@code not_measured} map says why.
 */
@RegisterForReflection
public record Passport(
    String schema,
    String id,
    String runId,
    String status,
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
    ShardInfo shard) {

  public static final String SCHEMA = "cartographer.passport/v1";

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
   *     probe, whose figures carry its own JIT compilation and are compared only with cold runs
   */
  @RegisterForReflection
  public record Probe(String version, String runtime, String trigger, int processRunsBefore) {}

  /** Which plan ran. */
  @RegisterForReflection
  public record PlanInfo(String name, String digest, String baseUrl, String source) {}

  /** The run's promise: thresholds met, and how regressions were judged. */
  @RegisterForReflection
  public record Guarantee(
      String verdict, boolean thresholdsMet, boolean regressionsEvaluated, String regressionNote) {}

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
      String httpVersion) {}

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
      @com.fasterxml.jackson.annotation.JsonProperty("p99_9") double p999,
      @com.fasterxml.jackson.annotation.JsonProperty("p99_99") double p9999,
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
      EncodedHistogram serviceTime,
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
      String sourceUrl,
      String series,
      Long beforeBytes,
      Long afterBytes,
      Long peakBytes,
      Long deltaBytes,
      int samples,
      int failedSamples) {}

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
      String category, String metric, double limit, Double actual, boolean passed, String reason) {}

  /** The limits of a variant, or the plan's defaults. {@code null}: not checked. */
  @RegisterForReflection
  public record Limits(
      Double maxP50Ms,
      Double maxP99Ms,
      Double maxErrorRate,
      Long maxMemoryDeltaBytes,
      Long maxMemoryPeakBytes) {}

  /**
   * A variant against its own baseline: {@code compared}, {@code incomparable} or {@code
   * no-baseline}; {@code baseline_id} names the passport it was compared with.
   */
  @RegisterForReflection
  public record Comparison(
      String status,
      String reason,
      String baselineId,
      List<io.cartographer.verdict.VariantComparison.MetricComparison> metrics) {}

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
  public record Baseline(String id, String source, List<String> warnings) {}

  /** The result of one variant. */
  @RegisterForReflection
  public record TestResult(
      String endpoint,
      String variant,
      String definitionDigest,
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
      Map<String, Long> httpVersions,
      double durationSeconds,
      double throughputRps,
      Double requestedRps,
      OpenModel openModel,
      long bytesReceived,
      Stats latencyMs,
      Stats serviceTimeMs,
      Stats ttfbMs,
      Stats responseBytes,
      Histograms histograms,
      List<Round> rounds,
      Determinism determinism,
      Memory memory,
      ProbeResources probeResources,
      boolean probeSaturated,
      Limits thresholds,
      List<Check> checks,
      String verdict,
      String reason,
      Comparison comparison,
      List<Attempt> attempts,
      Map<String, String> notMeasured) {}

  /**
   * The run summed up.
   *
   * @param failures variants that failed a check of each kind: latency, errors, memory, load
   * @param regressionVerdict {@code regression}, {@code inconclusive: environment}, {@code no
   *     regression}, {@code no baseline}; {@code null} when not compared
   * @param falseAlarmRate the run-level false-alarm rate the comparison was decided at
   * @param deterministicScore share of the compared variants whose bodies were all alike, or {@code
   *     null} when no variant was compared
   */
  @RegisterForReflection
  public record Summary(
      String verdict,
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
      Baseline baseline,
      Integer performanceRegressions,
      Integer memoryRegressions,
      Integer improvements,
      String regressionVerdict,
      Double falseAlarmRate) {}

  /** Where the probe ran. */
  @RegisterForReflection
  public record SystemInfo(
      String javaVersion,
      String javaVendor,
      String vmName,
      String osName,
      String osArch,
      int availableProcessors,
      long maxHeapBytes,
      String cpuModel) {}
}
