package io.cartographer.memory;

/**
 * The probe's own load while a variant ran, and whether it was the bottleneck.
 *
 * @param cpuSeconds process CPU time used during the variant, or {@code null} when the JVM cannot
 *     tell
 * @param cpuUtilization {@code cpuSeconds} over wall time times available processors, 0 to 1
 * @param loopLagP99Millis the 99th percentile of event-loop timer lateness
 * @param loopLagMaxMillis the longest an event-loop timer fired late
 * @param saturated true when the probe, not the target, may have set the pace
 * @param evidence why {@code saturated} is true, or the figures that cleared it
 * @param hostOtherCpuCores CPU the rest of the host used meanwhile (other processes, the target
 *     too when it runs here), in cores, over the variant or, when it ran under a second, over the
 *     last second or more of the run up to its end; {@code null} where {@code /proc/stat} cannot be
 *     read
 * @param hostStealCores CPU time the hypervisor stole meanwhile, in cores; {@code null} likewise
 */
public record ProbeResources(
    ProbeMemory before,
    ProbeMemory after,
    Double cpuSeconds,
    Double cpuUtilization,
    double loopLagP99Millis,
    double loopLagMaxMillis,
    long loopLagSamples,
    boolean saturated,
    String evidence,
    Double hostOtherCpuCores,
    Double hostStealCores) {}
