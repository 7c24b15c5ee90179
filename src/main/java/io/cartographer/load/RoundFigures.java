package io.cartographer.load;

/**
 * One round of a variant's measured phase: its share of the requests, and what they measured.
 * Rounds are consecutive and equal in share; their spread is the run's own evidence of noise.
 *
 * @param latency latency of the round's successful requests, in microseconds
 */
public record RoundFigures(long requests, long failed, double seconds, Distribution latency) {

  public double throughput() {
    return seconds <= 0 ? 0 : requests / seconds;
  }

  public double errorRate() {
    return requests == 0 ? 0 : (double) failed / requests;
  }
}
