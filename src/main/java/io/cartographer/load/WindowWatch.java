package io.cartographer.load;

import io.cartographer.plan.WindowThreshold;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import org.HdrHistogram.Histogram;

/**
 * Judges a variant's window limits while it runs, one interval of its timeline at a time (on the
 * timeline's ticker thread, never an event loop). Each window sums the histograms of its last
 * {@code window} intervals (added as they close, subtracted as they leave it; the intervals wait in
 * compressed form) and their counts. A latency window with no completed request while requests
 * were in flight at every one of its intervals' ends is a stall: its percentile is at least the
 * window's length. The first breach of an {@code abort-on-fail} window calls the abort.
 */
final class WindowWatch {

  private record Closed(byte[] histogram, long requests, long errors, long inFlight) {}

  private final class Judged {
    final WindowThreshold limit;
    final int intervals;
    final Histogram sum = Distribution.latencyHistogram();
    int count;
    long requests;
    long errors;
    Double worst;
    Double worstAt;
    Double breachedAt;
    boolean aborted;
    boolean stalled;
    long inFlightAtWorst;

    Judged(WindowThreshold limit) {
      this.limit = limit;
      this.intervals = (int) limit.window().toSeconds();
    }
  }

  private final List<Judged> windows = new ArrayList<>();
  private final ArrayDeque<Closed> recent = new ArrayDeque<>();
  private final int longest;
  private final BiConsumer<WindowThreshold, String> abort;

  /**
   * @param abort called once, on the ticker thread, for the first breach of an abort-on-fail
   *     window, with the breach said in one line; it must not block
   */
  WindowWatch(List<WindowThreshold> limits, BiConsumer<WindowThreshold, String> abort) {
    limits.forEach(l -> windows.add(new Judged(l)));
    this.longest = windows.stream().mapToInt(j -> j.intervals).max().orElse(0);
    this.abort = abort;
  }

  /** One interval closed, ending {@code endSeconds} after the measured phase began. */
  synchronized void closed(Histogram interval, long requests, long errors, long inFlight, double endSeconds) {
    if (windows.isEmpty()) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate(interval.getNeededByteBufferCapacity());
    int length = interval.encodeIntoCompressedByteBuffer(buffer);
    byte[] compressed = java.util.Arrays.copyOf(buffer.array(), length);
    recent.addFirst(new Closed(compressed, requests, errors, inFlight));
    for (Judged w : windows) {
      w.sum.add(interval);
      w.requests += requests;
      w.errors += errors;
      w.count++;
      if (w.count > w.intervals) {
        Closed out = nth(w.intervals);
        w.sum.subtract(decoded(out));
        w.requests -= out.requests();
        w.errors -= out.errors();
        w.count--;
      }
      judge(w, endSeconds);
    }
    while (recent.size() > longest + 1) {
      recent.removeLast();
    }
  }

  private Histogram decoded(Closed interval) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(interval.histogram()), 1);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalStateException("an interval histogram this watch encoded does not decode", e);
    }
  }

  /** The interval {@code n} places before the newest (0: the newest). */
  private Closed nth(int n) {
    Iterator<Closed> it = recent.iterator();
    Closed c = null;
    for (int i = 0; i <= n && it.hasNext(); i++) {
      c = it.next();
    }
    return c;
  }

  private void judge(Judged w, double now) {
    if (now < w.limit.grace().toNanos() / 1e9) {
      return;
    }
    Double value;
    boolean stalled = false;
    if (w.limit.metric().latency()) {
      if (w.sum.getTotalCount() > 0) {
        value = (double) w.sum.getValueAtPercentile(w.limit.metric().percentile());
      } else if (w.count == w.intervals && allInFlight(w.intervals)) {
        value = w.intervals * 1e6;
        stalled = true;
      } else {
        value = null;
      }
    } else {
      value = w.requests > 0 ? (double) w.errors / w.requests : null;
    }
    if (value == null) {
      return;
    }
    if (w.worst == null || value > w.worst) {
      w.worst = value;
      w.worstAt = now;
      w.stalled = stalled;
      w.inFlightAtWorst = recent.peekFirst().inFlight();
    }
    if (value > w.limit.limit() && w.breachedAt == null) {
      w.breachedAt = now;
      if (w.limit.abortOnFail()) {
        w.aborted = true;
        abort.accept(w.limit, WindowReasons.breach(w.limit, value, now, stalled, recent.peekFirst().inFlight()));
      }
    }
  }

  private boolean allInFlight(int n) {
    Iterator<Closed> it = recent.iterator();
    for (int i = 0; i < n; i++) {
      if (!it.hasNext() || it.next().inFlight() == 0) {
        return false;
      }
    }
    return true;
  }

  synchronized List<WindowOutcome> outcomes() {
    return windows.stream()
        .map(w -> new WindowOutcome(w.limit, w.worst, w.worstAt, w.breachedAt, w.aborted, w.stalled, w.inFlightAtWorst))
        .toList();
  }
}
