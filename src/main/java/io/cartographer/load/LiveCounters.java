package io.cartographer.load;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of a load run, readable from any thread while it goes on (for progress lines
 * and {@code GET /runs/{id}}). Warm-up requests are not counted.
 */
public final class LiveCounters {

  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
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

  void record(boolean success) {
    completed.increment();
    if (!success) {
      failed.increment();
    }
  }

  public long completed() {
    return completed.sum();
  }

  public long failed() {
    return failed.sum();
  }
}
