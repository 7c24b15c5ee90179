package io.cartographer.passport;

import io.cartographer.load.Distribution;
import io.cartographer.verdict.RunFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads the figures comparisons need out of a stored passport. */
public final class PassportFigures {

  private PassportFigures() {}

  /** The figures of a run just measured, before it has a passport (every variant not yet judged clean). */
  public static RunFigures of(List<VariantOutcome> outcomes, RunFigures.Fingerprint fingerprint) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (VariantOutcome o : outcomes) {
      variants.put(o.result().variant().key(),
          RunFigures.VariantFigures.of(o.result(), o.target(), o.efficiency(), o.probe(), o.verdict().passed()));
    }
    return new RunFigures(null, fingerprint, variants);
  }

  /**
   * A stored passport's figures. A variant is clean when it passed its thresholds and its
   * comparison found no regression. The latency histogram is decoded only when asked for, and a
   * damaged one reads as absent.
   */
  public static RunFigures from(Passport passport) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (Passport.TestResult r : passport.testResults()) {
      Passport.ProbeResources probe = r.probeResources();
      Passport.TargetMemory target = r.memory().target();
      variants.put(
          r.key(),
          new RunFigures.VariantFigures(
              r.definitionDigest(),
              null,
              r.latencyMs() == null ? Double.NaN : r.latencyMs().p50(),
              r.latencyMs() == null ? Double.NaN : r.latencyMs().p99(),
              r.rounds().stream().map(Passport.Round::p50Ms).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray(),
              r.rounds().stream().map(Passport.Round::p99Ms).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray(),
              r.rounds().stream().mapToDouble(Passport.Round::throughputRps).toArray(),
              r.requests(),
              r.failed(),
              target.peakBytes(),
              target.deltaBytes(),
              r.targetEfficiency() == null ? null : r.targetEfficiency().cpuSecondsPer1kRequests(),
              r.targetEfficiency() == null || !"bytes".equals(r.targetEfficiency().allocUnit())
                  ? null : r.targetEfficiency().allocPerRequest(),
              r.capacity() == null || !io.cartographer.load.CapacityOutcome.found(r.capacity().status())
                  ? null : r.capacity().kneeRps(),
              latency(r.histograms().latency().data()),
              new RunFigures.Environment(probe.hostOtherCpuCores(), probe.hostStealCores(), r.probeSaturated()),
              r.verdict().passed() && !r.regressed()));
    }
    Integer runsBefore = passport.cartographer().processRunsBefore();
    return new RunFigures(
        passport.id(),
        new RunFigures.Fingerprint(
            passport.cartographer().version(),
            passport.systemInfo().availableProcessors(),
            passport.cartographer().runtime(),
            runsBefore == null ? null : runsBefore > 0),
        variants);
  }

  private static Supplier<Distribution> latency(String text) {
    return new Supplier<>() {
      private Distribution decoded;
      private boolean tried;

      @Override
      public synchronized Distribution get() {
        if (!tried) {
          tried = true;
          try {
            decoded = Distribution.decode(text);
          } catch (IllegalArgumentException e) {
            decoded = null;
          }
        }
        return decoded;
      }
    };
  }
}
