package io.cartographer.load;

import io.cartographer.plan.CapacitySettings;
import java.util.List;

/**
 * What a capacity search found: the highest rate at which the variant's limits held.
 *
 * @param status {@code found}, {@code at-least-to}, {@code below-from}, {@code probe-limited} or
 *     {@code stopped}
 * @param kneeRps the highest rate that held; {@code null} when none did
 * @param steps every step, in the order run
 * @param reason one line on how the search ended
 */
public record CapacityOutcome(String status, Double kneeRps, CapacitySettings search, List<Step> steps, String reason) {

  public CapacityOutcome {
    steps = List.copyOf(steps);
  }

  /** Whether the search found the target's capacity, or that it is above the search's range. */
  public boolean found() {
    return found(status);
  }

  /** Whether a search that ended with {@code status} (as passports write it) found the capacity. */
  public static boolean found(String status) {
    return status.equals("found") || status.equals("at-least-to");
  }

  /**
   * One step: a constant rate for the step's length.
   *
   * @param serviceP99Micros the p99 from the actual send: above the latency's, the requests
   *     waited in the probe
   */
  public record Step(
      double rate,
      double seconds,
      long requests,
      long errors,
      Long p50Micros,
      Long p99Micros,
      Long serviceP99Micros,
      long dropped,
      long late,
      boolean holds,
      String reason) {}
}
