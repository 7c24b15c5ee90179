package io.cartographer.verdict;

import io.cartographer.load.Distribution;
import io.cartographer.load.RoundFigures;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The figures of one run that comparisons need, whether the run is this one or a stored passport.
 *
 * @param id the passport id, or {@code null} for the run being judged
 * @param variants by {@code endpoint/variant}
 */
public record RunFigures(String id, Fingerprint fingerprint, Map<String, VariantFigures> variants) {

  public RunFigures {
    variants = Map.copyOf(variants);
  }

  /**
   * Where a run was measured; a difference is a warning on the comparison.
   *
   * @param warmProbe whether the probe process had finished a run before this one ({@code null}
   *     when an old passport does not say): a cold probe's
   *     first run carries its own JIT compilation, so cold and warm runs are not compared
   */
  public record Fingerprint(String probeVersion, int cpus, String runtime, Boolean warmProbe) {

    /** Whether a run of this warmth may be compared with one of {@code other}: unknown matches both. */
    public boolean sameWarmth(Fingerprint other) {
      return warmProbe == null || other.warmProbe == null || warmProbe.equals(other.warmProbe);
    }
  }

  /**
   * The host while a variant ran, from {@link ProbeResources}; {@code null} figures are unknown.
   *
   * @param otherCpuCores CPU used by everything but the probe, in cores
   * @param stealCores CPU stolen by the hypervisor, in cores
   */
  public record Environment(Double otherCpuCores, Double stealCores, boolean probeSaturated) {

    public static final Environment UNKNOWN = new Environment(null, null, false);

    /** Other processes and the hypervisor together; {@code null} when unknown. */
    public Double interferenceCores() {
      return otherCpuCores == null ? null : otherCpuCores + (stealCores == null ? 0 : stealCores);
    }
  }

  /**
   * One variant's figures. Round arrays hold one value per round; a round without a successful
   * request has no latency value.
   *
   * @param definitionDigest the digest of what the variant measures; {@code null} in passports
   *     older than digests
   * @param formerDigest for a variant measured now, the digest its definition had under the
   *     encoding before the current one, so a baseline stored then is still found; {@code null}
   *     for a stored measurement
   * @param p50 the whole variant's p50 in ms, {@code NaN} without a successful request
   * @param latency the whole variant's latency histogram (µs), decoded when first asked for;
   *     {@code null} supplier or value when the passport has none
   * @param cpuPer1kRequests target CPU seconds per 1,000 requests, {@code null} when not measured
   * @param allocBytesPerRequest target bytes allocated per request, {@code null} when not measured
   *     (or counted in objects)
   * @param clean whether the variant passed its thresholds without a regression: only clean
   *     measurements are baselines and history
   */
  public record VariantFigures(
      String definitionDigest,
      String formerDigest,
      double p50,
      double p99,
      double[] p50Rounds,
      double[] p99Rounds,
      double[] throughputRounds,
      long requests,
      long failed,
      Long memoryPeak,
      Long memoryDelta,
      Double cpuPer1kRequests,
      Double allocBytesPerRequest,
      Double capacityRps,
      Supplier<Distribution> latency,
      Environment environment,
      boolean clean) {

    public static VariantFigures of(VariantResult r, TargetMemory memory, ProbeResources probe, boolean passed) {
      return of(r, memory, null, probe, passed);
    }

    /** As above, with the target's efficiency figures ({@code null}: none). */
    public static VariantFigures of(
        VariantResult r, TargetMemory memory, TargetEfficiency efficiency, ProbeResources probe, boolean passed) {
      List<RoundFigures> rounds = r.rounds();
      Distribution latency = r.latency();
      return new VariantFigures(
          r.variant().definitionDigest(),
          r.variant().formerDefinitionDigest(),
          latency.count() == 0 ? Double.NaN : latency.valueAt(50) / 1000.0,
          latency.count() == 0 ? Double.NaN : latency.valueAt(99) / 1000.0,
          rounds.stream().filter(x -> x.latency().count() > 0).mapToDouble(x -> x.latency().valueAt(50) / 1000.0).toArray(),
          rounds.stream().filter(x -> x.latency().count() > 0).mapToDouble(x -> x.latency().valueAt(99) / 1000.0).toArray(),
          rounds.stream().mapToDouble(RoundFigures::throughput).toArray(),
          r.requests(),
          r.failed(),
          memory.peakBytes(),
          memory.deltaBytes(),
          efficiency == null ? null : efficiency.cpuSecondsPer1kRequests(),
          efficiency == null || !"bytes".equals(efficiency.allocUnit()) ? null : efficiency.allocPerRequest(),
          r.capacity() == null || !r.capacity().found() ? null : r.capacity().kneeRps(),
          () -> latency,
          probe == null ? Environment.UNKNOWN
              : new Environment(probe.hostOtherCpuCores(), probe.hostStealCores(), probe.saturated()),
          passed);
    }

    /** Whether {@code earlier} measured what this measures: the same definition, by either digest. */
    public boolean sameDefinitionAs(VariantFigures earlier) {
      return earlier.definitionDigest != null
          && (earlier.definitionDigest.equals(definitionDigest) || earlier.definitionDigest.equals(formerDigest));
    }

    /** This variant's figures with {@code clean} set, once its comparison is known. */
    public VariantFigures withClean(boolean isClean) {
      return new VariantFigures(definitionDigest, formerDigest, p50, p99, p50Rounds, p99Rounds, throughputRounds, requests, failed,
          memoryPeak, memoryDelta, cpuPer1kRequests, allocBytesPerRequest, capacityRps, latency, environment, isClean);
    }
  }
}
