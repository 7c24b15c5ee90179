package io.cartographer.load;

import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.LoadStage;
import java.util.List;

/**
 * A staged load's shape over the measured phase: a value (requests per second in the open model,
 * connections in the closed one) that moves in a straight line through each stage, from the
 * load's start value to the stages' targets in turn. Times are nanoseconds from the phase's start.
 *
 * <p>In the open model request {@code i} (from 0) is due when the requests scheduled so far, the
 * area under the rate, reach {@code i}: within a stage whose rate goes from {@code r0} to {@code
 * r1} over {@code D}, that area is {@code r0·t + (r1 − r0)·t²/(2D)}, so the send times follow a
 * ramp exactly, and the latency of each request still counts from its own intended time.
 */
final class RampSchedule {

  private final long[] startNanos;
  private final long[] endNanos;
  private final double[] from;
  private final double[] to;
  private final boolean[] measured;
  /** Open model: requests scheduled before each stage, and after the last. */
  private final double[] before;
  private final long requests;

  private RampSchedule(LoadSettings load) {
    List<LoadStage> stages = load.stages();
    int n = stages.size();
    startNanos = new long[n];
    endNanos = new long[n];
    from = new double[n];
    to = new double[n];
    measured = new boolean[n];
    before = new double[n + 1];
    boolean open = load.model() == LoadModel.OPEN;
    double value = open ? (load.rate() == null ? 0 : load.rate()) : load.concurrency();
    long at = 0;
    for (int k = 0; k < n; k++) {
      LoadStage stage = stages.get(k);
      startNanos[k] = at;
      at += stage.duration().toNanos();
      endNanos[k] = at;
      from[k] = value;
      to[k] = stage.target();
      measured[k] = stage.measure();
      before[k + 1] = before[k] + (from[k] + to[k]) / 2 * stage.duration().toNanos() / 1e9;
      value = stage.target();
    }
    requests = open ? load.intendedRequests() : 0;
  }

  /** The schedule of a staged load; {@code null} for a constant one. */
  static RampSchedule of(LoadSettings load) {
    return load.staged() ? new RampSchedule(load) : null;
  }

  /** The length of all stages. */
  long nanos() {
    return endNanos[endNanos.length - 1];
  }

  /** Open model: the requests the stages schedule. */
  long requests() {
    return requests;
  }

  /** The stage at {@code t}: the last one from its end on. */
  int stageAt(long t) {
    for (int k = 0; k < endNanos.length; k++) {
      if (t < endNanos[k]) {
        return k;
      }
    }
    return endNanos.length - 1;
  }

  boolean measuredAt(long t) {
    return measured[stageAt(t)];
  }

  /** Whether any stage is left out of the figures. */
  boolean hasUnmeasured() {
    for (boolean m : measured) {
      if (!m) {
        return true;
      }
    }
    return false;
  }

  /** The length of the stages left out of the figures. */
  long unmeasuredNanos() {
    long total = 0;
    for (int k = 0; k < measured.length; k++) {
      total += measured[k] ? 0 : endNanos[k] - startNanos[k];
    }
    return total;
  }

  /** Open model: the requests scheduled in measured stages. */
  long measuredRequests() {
    double total = 0;
    for (int k = 0; k < measured.length; k++) {
      total += measured[k] ? before[k + 1] - before[k] : 0;
    }
    return Math.round(total);
  }

  /** The value at {@code t}: on the stage's straight line; the last target from the end on. */
  double valueAt(long t) {
    int k = stageAt(t);
    long length = endNanos[k] - startNanos[k];
    double share = Math.min(1, Math.max(0, (double) (t - startNanos[k]) / length));
    return from[k] + (to[k] - from[k]) * share;
  }

  /** Open model: when request {@code i} (from 0) is due. */
  long offsetNanos(long i) {
    int k = 0;
    while (k < endNanos.length - 1 && before[k + 1] <= i) {
      k++;
    }
    double seconds = (endNanos[k] - startNanos[k]) / 1e9;
    double count = i - before[k];
    double r0 = from[k];
    double slope = (to[k] - from[k]) / (2 * seconds);
    double tau;
    if (count <= 0) {
      tau = 0;
    } else if (Math.abs(slope) < 1e-12) {
      tau = r0 > 0 ? count / r0 : seconds;
    } else {
      // the root of slope·τ² + r0·τ − count = 0 that lies in the stage, in the form that stays
      // exact when r0 is 0 or the slope is small
      double root = Math.sqrt(Math.max(0, r0 * r0 + 4 * slope * count));
      tau = r0 + root > 0 ? 2 * count / (r0 + root) : seconds;
    }
    return startNanos[k] + (long) (Math.min(Math.max(tau, 0), seconds) * 1e9);
  }

  /**
   * Closed model: the first time from {@code t} on when connection {@code lane} (from 0) is part of
   * the load, that is when the value rounds to more than {@code lane}; {@code -1} when it never is
   * again.
   */
  long activeFrom(int lane, long t) {
    double needed = lane + 0.5;
    for (int k = stageAt(t); k < endNanos.length; k++) {
      long start = Math.max(t, startNanos[k]);
      if (start >= endNanos[k] && k < endNanos.length - 1) {
        continue;
      }
      if (valueAt(start) >= needed) {
        return start;
      }
      if (to[k] > from[k] && to[k] >= needed) {
        long at = startNanos[k] + (long) Math.ceil((endNanos[k] - startNanos[k]) * (needed - from[k]) / (to[k] - from[k]));
        if (at >= start && at <= endNanos[k]) {
          return at;
        }
      }
    }
    return -1;
  }
}
