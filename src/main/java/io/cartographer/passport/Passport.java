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
    SystemInfo systemInfo) {

  public static final String SCHEMA = "cartographer.passport/v1";

  /** The probe that wrote the passport. */
  @RegisterForReflection
  public record Probe(String version, String runtime, String trigger) {}

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

  /** The limits of a variant, or the plan's defaults. {@code null}: not checked. */
  @RegisterForReflection
  public record Limits(Double maxP50Ms, Double maxP99Ms, Double maxErrorRate) {}

  /** How a variant was loaded. */
  @RegisterForReflection
  public record Load(
      String model,
      int concurrency,
      Long requests,
      Double durationSeconds,
      int warmup,
      double timeoutMs,
      long maxBodyBytes) {}

  /** Latency percentiles of successful requests, in milliseconds. */
  @RegisterForReflection
  public record Latency(
      double min,
      double mean,
      double p50,
      double p90,
      double p95,
      double p99,
      @com.fasterxml.jackson.annotation.JsonProperty("p99_9") double p999,
      double max) {}

  /** A compressed HdrHistogram that later tools can decode, merge and re-analyse. */
  @RegisterForReflection
  public record EncodedHistogram(
      String encoding, String unit, int significantDigits, long count, String data) {}

  /** Memory of the probe and of the target around a variant. */
  @RegisterForReflection
  public record Memory(MemoryFigures probe, MemoryFigures target) {}

  /**
   * Memory figures from one source; {@code null} figures are explained by {@code not_measured}.
   */
  @RegisterForReflection
  public record MemoryFigures(
      String source,
      Long heapUsedBeforeBytes,
      Long heapUsedAfterBytes,
      Long rssBeforeBytes,
      Long rssAfterBytes,
      String notMeasured) {}

  /** One threshold check. */
  @RegisterForReflection
  public record Check(String metric, double limit, Double actual, boolean passed, String reason) {}

  /** The result of one variant. */
  @RegisterForReflection
  public record TestResult(
      String endpoint,
      String variant,
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
      double durationSeconds,
      double throughputRps,
      long bytesReceived,
      Latency latencyMs,
      EncodedHistogram histogram,
      Memory memory,
      Limits thresholds,
      List<Check> checks,
      String verdict,
      String reason,
      Map<String, String> notMeasured) {}

  /** The run summed up. */
  @RegisterForReflection
  public record Summary(
      String verdict,
      int variants,
      int passed,
      int failed,
      long totalRequests,
      long totalErrors,
      double durationSeconds) {}

  /** Where the probe ran. */
  @RegisterForReflection
  public record SystemInfo(
      String javaVersion,
      String javaVendor,
      String vmName,
      String osName,
      String osArch,
      int availableProcessors,
      long maxHeapBytes) {}
}
