package io.cartographer.load;

import io.cartographer.plan.WindowThreshold;

/**
 * How one window limit fared while a variant ran.
 *
 * @param worst the highest figure of any window judged (microseconds, or a share), {@code null}
 *     when none was (a variant shorter than the grace, or nothing completed)
 * @param worstAtSeconds when that window ended, after the start of the measured phase
 * @param breachedAtSeconds when a window first went over the limit, {@code null} if none did
 * @param aborted whether that breach stopped the load (abort-on-fail)
 * @param stalled whether the worst window was a stall: nothing completed while requests were in
 *     flight
 * @param inFlightAtWorst requests in flight when the worst window ended
 */
public record WindowOutcome(
    WindowThreshold limit,
    Double worst,
    Double worstAtSeconds,
    Double breachedAtSeconds,
    boolean aborted,
    boolean stalled,
    long inFlightAtWorst) {

  public boolean breached() {
    return breachedAtSeconds != null;
  }
}
