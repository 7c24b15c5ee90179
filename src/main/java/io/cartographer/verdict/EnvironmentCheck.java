package io.cartographer.verdict;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether two measurements of a variant were taken in materially different environments: the rest
 * of the host (other processes, the hypervisor) used at least a quarter of its cores, and at least
 * half a core, more or less during one than during the other. A run beside a busy neighbour is
 * then not compared with a quiet one: its latencies say as much about the neighbour as about the
 * target. The target's own CPU counts as "other" when it runs on the same host; it moves with the
 * load the plan applies, far below this bound for the plans that share a host with their target.
 */
public final class EnvironmentCheck {

  static final double MIN_MATERIAL_CORES = 0.5;
  static final double MATERIAL_SHARE_OF_CORES = 0.25;

  private EnvironmentCheck() {}

  /** The bound, in cores, on a host of {@code cores}. */
  public static double materialCores(int cores) {
    return Math.max(MIN_MATERIAL_CORES, MATERIAL_SHARE_OF_CORES * Math.max(1, cores));
  }

  /** The difference, in one sentence, when it is material; empty when alike or unknown. */
  public static Optional<String> difference(RunFigures.Environment now, RunFigures.Environment then, int cores) {
    Double a = now.interferenceCores();
    Double b = then.interferenceCores();
    if (a == null || b == null) {
      return Optional.empty();
    }
    double bound = materialCores(cores);
    if (Math.abs(a - b) <= bound) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT,
        "environment: the rest of the host used %.2f of %d cores during this variant (steal %.2f), %.2f during the baseline's (steal %.2f), more than the %.2f cores that make runs comparable",
        now.otherCpuCores(), cores, orZero(now.stealCores()), then.otherCpuCores(), orZero(then.stealCores()), bound));
  }

  /** Whether two environments are alike, or not known to differ. */
  public static boolean alike(RunFigures.Environment now, RunFigures.Environment then, int cores) {
    return difference(now, then, cores).isEmpty();
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }
}
