package io.cartographer.verdict;

import io.cartographer.load.RoundFigures;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.TargetMemory;
import java.util.List;
import java.util.Map;

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

  /** Where a run was measured; a difference is a warning on the comparison. */
  public record Fingerprint(String probeVersion, int cpus, String runtime) {}

  /**
   * One variant's figures. Round arrays hold one value per round; a round without a successful
   * request has no latency value.
   */
  public record VariantFigures(
      String definitionDigest,
      double[] p50Rounds,
      double[] p99Rounds,
      double[] throughputRounds,
      long requests,
      long failed,
      Long memoryPeak,
      Long memoryDelta) {

    public static VariantFigures of(VariantResult r, TargetMemory memory) {
      List<RoundFigures> rounds = r.rounds();
      return new VariantFigures(
          r.variant().definitionDigest(),
          rounds.stream().filter(x -> x.latency().count() > 0).mapToDouble(x -> x.latency().valueAt(50) / 1000.0).toArray(),
          rounds.stream().filter(x -> x.latency().count() > 0).mapToDouble(x -> x.latency().valueAt(99) / 1000.0).toArray(),
          rounds.stream().mapToDouble(RoundFigures::throughput).toArray(),
          r.requests(),
          r.failed(),
          memory.peakBytes(),
          memory.deltaBytes());
    }
  }
}
