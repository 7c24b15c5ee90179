package io.cartographer.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of a load run, readable from any thread while it goes on (for progress lines,
 * {@code GET /runs/{id}} and the per-second {@link Timeline}). Warm-up requests are not counted.
 */
public final class LiveCounters {

  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder[] failedByKind = adders(ErrorKind.values().length);
  private final LongAdder sent = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final StopSignal stop;
  private final java.util.List<Runnable> measuredPhaseListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<Runnable> roundListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public LiveCounters() {
    this(new StopSignal());
  }

  /** Counters of a load that stops early when {@code stop} is requested. */
  public LiveCounters(StopSignal stop) {
    this.stop = stop;
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  public StopSignal stop() {
    return stop;
  }

  /**
   * Runs {@code listener} when the warm-up is over and the measured phase begins, on an event loop
   * of the load: it must return at once, never block.
   */
  public void onMeasuredPhase(Runnable listener) {
    measuredPhaseListeners.add(listener);
  }

  void measuredPhaseStarted() {
    measuredPhaseListeners.forEach(Runnable::run);
  }

  /** Runs {@code listener} after each round of the measured phase, as {@link #onMeasuredPhase}. */
  public void onRoundEnded(Runnable listener) {
    roundListeners.add(listener);
  }

  void roundEnded() {
    roundListeners.forEach(Runnable::run);
  }

  void record(ErrorKind error) {
    completed.increment();
    if (error != null) {
      failed.increment();
      failedByKind[error.ordinal()].increment();
    }
  }

  void sent() {
    sent.increment();
  }

  void late() {
    late.increment();
  }

  void dropped() {
    dropped.increment();
  }

  /** Requests sent in the measured phase (completed or still in flight). */
  long sentCount() {
    return sent.sum();
  }

  /** Open model: requests of the measured phase sent later than the late tolerance. */
  long lateCount() {
    return late.sum();
  }

  /** Open model: requests of the measured phase dropped, never sent. */
  long droppedCount() {
    return dropped.sum();
  }

  /** Failed requests of {@code kind}. */
  long failed(ErrorKind kind) {
    return failedByKind[kind.ordinal()].sum();
  }

  public long completed() {
    return completed.sum();
  }

  public long failed() {
    return failed.sum();
  }
}
