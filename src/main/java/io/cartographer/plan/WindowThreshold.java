package io.cartographer.plan;

import java.time.Duration;
import java.util.Locale;

/**
 * A limit judged while the variant runs, over a sliding window of its last seconds (the
 * per-second timeline's intervals), as well as or instead of over the whole variant.
 *
 * @param limit microseconds for a latency percentile, a share from 0 to 1 for the error rate
 * @param window how many seconds of intervals each judgement covers
 * @param abortOnFail whether a breach stops the load at once ({@code abort} says what)
 * @param grace no judgement in the first this much of the measured phase (k6's {@code
 *     delayAbortEval}): the window must first have something to judge
 */
public record WindowThreshold(
    Metric metric, double limit, Duration window, boolean abortOnFail, Scope abort, Duration grace) {

  /** What a window judges. */
  public enum Metric {
    P50("max-p50", 50),
    P90("max-p90", 90),
    P99("max-p99", 99),
    ERROR_RATE("max-error-rate", Double.NaN);

    private final String field;
    private final double percentile;

    Metric(String field, double percentile) {
      this.field = field;
      this.percentile = percentile;
    }

    /** The plan's key for it, {@code max-p99}. */
    public String field() {
      return field;
    }

    /** The latency percentile it judges; NaN for the error rate. */
    public double percentile() {
      return percentile;
    }

    public boolean latency() {
      return this != ERROR_RATE;
    }

    /** Its name in passports and check metrics: {@code p99_ms}, {@code error_rate}. */
    public String label() {
      return latency() ? name().toLowerCase(Locale.ROOT) + "_ms" : "error_rate";
    }
  }

  /** What an abort stops. */
  public enum Scope {
    /** The variant: the run goes on with the next one. */
    VARIANT,
    /** The whole run: its passport is stored as aborted, with why. */
    RUN
  }
}
