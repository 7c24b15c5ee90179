package io.cartographer.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Cuts a variant's measured phase into one-second intervals while it runs. Each event-loop
 * context records its latencies into its own {@link SingleWriterRecorder} (wait-free for the
 * event loop, beside its shard's histogram); every second a ticker thread takes each recorder's
 * interval histogram, merges them, and keeps the interval's counts (from {@link LiveCounters}),
 * percentiles and log line. Nothing of the event loops waits on it.
 */
final class TimelineRecorder {

  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final SingleWriterRecorder[] recorders;
  private final Histogram[] recycled;
  private final Histogram merged = Distribution.latencyHistogram();
  private final LiveCounters live;
  private final String tag;
  /** A staged load's schedule, to say which stage each interval starts in; {@code null} if none. */
  private final RampSchedule ramp;
  /** The variant's window limits, judged as each interval closes. */
  private final WindowWatch windows;
  private final List<Timeline.Interval> intervals = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(log, false, StandardCharsets.UTF_8));
  private final long[] failedByKind = new long[ErrorKind.values().length];
  private long startNanos;
  private long startEpochMillis;
  private long lastNanos;
  private long completed;
  private long failed;
  private long late;
  private long dropped;
  private ScheduledFuture<?> ticking;
  private boolean finished;

  /**
   * @param contexts the event-loop contexts of the variant, one recorder each
   * @param key the variant's {@code endpoint/variant}, its tag in the interval log
   * @param ramp a staged load's schedule, or {@code null}
   * @param windows the variant's window limits (none: an empty watch)
   */
  TimelineRecorder(int contexts, LiveCounters live, String key, RampSchedule ramp, WindowWatch windows) {
    this.recorders = new SingleWriterRecorder[contexts];
    this.recycled = new Histogram[contexts];
    for (int k = 0; k < contexts; k++) {
      recorders[k] = new SingleWriterRecorder(3); // widened as values need, like the shards' histograms
    }
    this.live = live;
    this.ramp = ramp;
    this.windows = windows;
    this.tag = Timeline.tag(key);
    writer.setBaseTime(0);
  }

  /** The recorder of context {@code k}: only that context's thread may record into it. */
  SingleWriterRecorder recorder(int k) {
    return recorders[k % recorders.length];
  }

  /** Starts the intervals now, the start of the measured phase, with a tick every second. */
  synchronized void start(ScheduledExecutorService ticker) {
    startNanos = System.nanoTime();
    startEpochMillis = System.currentTimeMillis();
    lastNanos = startNanos;
    completed = live.completed();
    failed = live.failed();
    late = live.lateCount();
    dropped = live.droppedCount();
    for (ErrorKind kind : ErrorKind.values()) {
      failedByKind[kind.ordinal()] = live.failed(kind);
    }
    ticking = ticker.scheduleAtFixedRate(this::tick, INTERVAL_NANOS, INTERVAL_NANOS, TimeUnit.NANOSECONDS);
  }

  private synchronized void tick() {
    if (!finished) {
      close(System.nanoTime());
    }
  }

  /** Ends the last interval now, the end of the measured phase, and returns them all. */
  synchronized Timeline finish() {
    if (!finished) {
      finished = true;
      if (ticking != null) {
        ticking.cancel(false);
        long now = System.nanoTime();
        // a last interval shorter than a millisecond is left out only when nothing happened in it:
        // a request that completed just after the last tick still counts
        boolean moved = live.completed() != completed || live.droppedCount() != dropped || live.lateCount() != late;
        if (now - lastNanos >= 1_000_000L || moved || intervals.isEmpty()) {
          close(now);
        }
      }
    }
    return new Timeline(INTERVAL_NANOS / 1e9, startNanos, intervals, log.toString(StandardCharsets.UTF_8));
  }

  private void close(long now) {
    merged.reset();
    for (int k = 0; k < recorders.length; k++) {
      recycled[k] = recorders[k].getIntervalHistogram(recycled[k]);
      merged.add(recycled[k]);
    }
    // sent before completed: a request sent between the two reads then cannot count as in flight
    // beyond what really is (a completion read after its send never is before it)
    long sentNow = live.sentCount();
    long completedNow = live.completed();
    long failedNow = live.failed();
    long lateNow = live.lateCount();
    long droppedNow = live.droppedCount();
    Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    for (ErrorKind kind : ErrorKind.values()) {
      long n = live.failed(kind);
      if (n > failedByKind[kind.ordinal()]) {
        byKind.put(kind, n - failedByKind[kind.ordinal()]);
      }
      failedByKind[kind.ordinal()] = n;
    }
    boolean any = merged.getTotalCount() > 0;
    double offset = (lastNanos - startNanos) / 1e9;
    double seconds = (now - lastNanos) / 1e9;
    intervals.add(new Timeline.Interval(
        offset,
        seconds,
        completedNow - completed,
        failedNow - failed,
        byKind,
        Math.max(0, sentNow - completedNow),
        lateNow - late,
        droppedNow - dropped,
        any ? merged.getValueAtPercentile(50) : null,
        any ? merged.getValueAtPercentile(90) : null,
        any ? merged.getValueAtPercentile(99) : null,
        any ? merged.getMaxValue() : null,
        ramp == null ? null : ramp.stageAt(lastNanos - startNanos)));
    windows.closed(merged, completedNow - completed, failedNow - failed, Math.max(0, sentNow - completedNow), offset + seconds);
    double epochStart = startEpochMillis / 1000.0 + offset;
    merged.setTag(tag);
    writer.outputIntervalHistogram(epochStart, epochStart + seconds, merged, 1000.0);
    completed = completedNow;
    failed = failedNow;
    late = lateNow;
    dropped = droppedNow;
    lastNanos = now;
  }
}
