package io.cartographer.passport;

import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetMemory;
import io.cartographer.verdict.VariantVerdict;

/** Everything known about one variant once it has run: what passports are built from. */
public record VariantOutcome(
    VariantResult result, VariantVerdict verdict, ProbeResources probe, TargetMemory target) {}
