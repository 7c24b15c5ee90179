package io.cartographer.plan;

import java.time.Duration;

/**
 * How one variant is loaded. Exactly one of {@code requests} and {@code duration} is set.
 *
 * @param concurrency connections sending back to back
 * @param requests recorded requests (after warm-up), or {@code null} when duration-bound
 * @param duration how long the measured phase runs, or {@code null} when count-bound
 * @param warmup requests sent before measuring, not recorded
 * @param timeout per request, from send to the end of the body
 * @param maxBodyBytes a larger response body is a body error; the rest is not read
 */
public record LoadSettings(
    LoadModel model,
    int concurrency,
    Long requests,
    Duration duration,
    int warmup,
    Duration timeout,
    long maxBodyBytes) {

  /** Whether the measured phase ends after a number of requests rather than after a duration. */
  public boolean countBound() {
    return requests != null;
  }
}
