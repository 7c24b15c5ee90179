package io.cartographer.run;

import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.passport.Passport;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.verdict.ThresholdJudge;
import java.util.List;

/**
 * What was measured of one variant, here or by the shards of a distributed run, before it is
 * judged: every run, measured or merged, is judged by {@link #judge}.
 *
 * @param earlierAttempts superseded measurements of the variant in the same run, oldest first
 */
record Measurement(
    VariantResult result,
    ProbeResources probe,
    TargetMemory target,
    TargetEfficiency efficiency,
    List<Passport.Attempt> earlierAttempts) {

  Measurement {
    earlierAttempts = List.copyOf(earlierAttempts);
  }

  Measurement(VariantResult result, ProbeResources probe, TargetMemory target, TargetEfficiency efficiency) {
    this(result, probe, target, efficiency, List.of());
  }

  /** The variant against its thresholds. */
  VariantOutcome judge() {
    return new VariantOutcome(result, ThresholdJudge.judge(result, target, efficiency), probe, target, efficiency, earlierAttempts);
  }
}
