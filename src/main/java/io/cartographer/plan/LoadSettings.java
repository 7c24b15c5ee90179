package io.cartographer.plan;

import java.time.Duration;

/**
 * How one variant is loaded. Closed model: {@code concurrency} connections and exactly one of
 * {@code requests} and {@code duration}. Open model: {@code rate} requests per second for {@code
 * duration}, on at most {@code maxConnections} connections.
 *
 * @param concurrency closed model: connections sending back to back
 * @param requests closed model: recorded requests (after warm-up), or {@code null} when
 *     duration-bound
 * @param duration how long the measured phase runs, or {@code null} when count-bound
 * @param warmup requests sent before measuring, not recorded (closed model: back to back; open
 *     model: at the planned rate)
 * @param timeout per request, from send to the end of the body
 * @param maxBodyBytes a larger response body is a body error; the rest is not read
 * @param rate open model: intended requests per second, otherwise {@code null}
 * @param maxConnections open model: connections the probe may open; a request due while all are
 *     busy waits (and is late), or is dropped once it has waited longer than the timeout
 * @param lateTolerance open model: a request sent later than this after its intended time counts
 *     as late
 * @param rounds the measured phase is split into this many consecutive rounds of equal share, so
 *     that a run carries its own evidence of noise for the regression test
 */
public record LoadSettings(
    LoadModel model,
    int concurrency,
    Long requests,
    Duration duration,
    int warmup,
    Duration timeout,
    long maxBodyBytes,
    Double rate,
    int maxConnections,
    Duration lateTolerance,
    int rounds) {

  /** Whether the measured phase ends after a number of requests rather than after a duration. */
  public boolean countBound() {
    return requests != null;
  }

  /** Open model: the number of requests the measured phase intends to send. */
  public long intendedRequests() {
    return Math.round(rate * duration.toNanos() / 1e9);
  }
}
