package io.cartographer.passport;

import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.verdict.VariantVerdict;

/**
 * Everything known about one variant once it has run: what passports are built from.
 *
 * @param earlierAttempts measurements of the variant earlier in the same run that this one
 *     superseded (it looked regressed and was measured again), oldest first
 */
public record VariantOutcome(
    VariantResult result,
    VariantVerdict verdict,
    ProbeResources probe,
    TargetMemory target,
    TargetEfficiency efficiency,
    java.util.List<Passport.Attempt> earlierAttempts) {

  private static final TargetEfficiency NOT_READ =
      TargetEfficiency.notMeasured("the target's metrics were not read for this variant");

  public VariantOutcome {
    earlierAttempts = java.util.List.copyOf(earlierAttempts);
  }

  /** This outcome with {@code attempts} as the measurements it superseded. */
  public VariantOutcome withEarlierAttempts(java.util.List<Passport.Attempt> attempts) {
    return new VariantOutcome(result, verdict, probe, target, efficiency, attempts);
  }

  /** An outcome without efficiency figures (the target's counters were not read). */
  public VariantOutcome(VariantResult result, VariantVerdict verdict, ProbeResources probe, TargetMemory target) {
    this(result, verdict, probe, target, NOT_READ, java.util.List.of());
  }
}
