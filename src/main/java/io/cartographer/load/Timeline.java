package io.cartographer.load;

import java.util.List;
import java.util.Map;

/**
 * A variant's measured phase second by second: what completed in each interval and its latency
 * percentiles, from the interval histograms of the recording path, and those histograms as an
 * HdrHistogram interval log.
 *
 * @param intervalSeconds the length of a full interval (the last one may be shorter)
 * @param startNanos when the first interval began ({@code System.nanoTime()}), to place other
 *     timed readings (the target's memory) in their intervals
 * @param intervals in order, from the start of the measured phase
 * @param latencyLog the intervals' latency histograms as {@code HistogramLogWriter} lines (tagged
 *     with the variant, timestamps in seconds since the epoch, values in microseconds, maxima in
 *     milliseconds), without the log's header
 */
public record Timeline(double intervalSeconds, long startNanos, List<Interval> intervals, String latencyLog) {

  public Timeline {
    intervals = List.copyOf(intervals);
  }

  /**
   * A variant's tag in the interval log: its {@code endpoint/variant} key with commas and white
   * space (which end a tag in the log's lines) replaced by underscores.
   */
  public static String tag(String key) {
    return key.replaceAll("[,\\s]", "_");
  }

  /**
   * One interval.
   *
   * @param offsetSeconds its start, in seconds after the start of the measured phase
   * @param seconds its length
   * @param requests requests that completed in it, successfully or not
   * @param errorsByKind failed requests by kind, only the kinds that occurred
   * @param inFlight requests sent and not yet completed at its end
   * @param late open model: requests sent in it later than the late tolerance; 0 otherwise
   * @param dropped open model: requests dropped in it, never sent; 0 otherwise
   * @param p50Micros latency percentiles of its successful requests, {@code null} without one
   * @param stage a staged load: the index of the stage it starts in; {@code null} otherwise
   */
  public record Interval(
      double offsetSeconds,
      double seconds,
      long requests,
      long errors,
      Map<ErrorKind, Long> errorsByKind,
      long inFlight,
      long late,
      long dropped,
      Long p50Micros,
      Long p90Micros,
      Long p99Micros,
      Long maxMicros,
      Integer stage) {

    public Interval {
      errorsByKind = Map.copyOf(errorsByKind);
    }
  }
}
