package io.cartographer.passport;

import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
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
    java.util.List<Passport.Attempt> earlierAttempts) {

  public VariantOutcome {
    earlierAttempts = java.util.List.copyOf(earlierAttempts);
  }

  /** This outcome with {@code attempts} as the measurements it superseded. */
  public VariantOutcome withEarlierAttempts(java.util.List<Passport.Attempt> attempts) {
    return new VariantOutcome(result, verdict, probe, target, attempts);
  }

  public VariantOutcome(VariantResult result, VariantVerdict verdict, ProbeResources probe, TargetMemory target) {
    this(result, verdict, probe, target, java.util.List.of());
  }
}
