package io.cartographer.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One phase of a variant (warm-up or measured): its shards, the count of senders (closed-model
 * lanes or open-model dispatchers) still going, and its end. The last sender to finish completes
 * it, which publishes every shard's figures to whoever reads the outcome.
 */
final class Phase {

  final List<Shard> shards = new ArrayList<>();
  final long startNanos;
  final LiveCounters live;
  final StopSignal stop;
  private final AtomicInteger running = new AtomicInteger();
  private final Promise<Phase> done = Promise.promise();
  private volatile long endNanos;

  /**
   * @param live counts recorded requests for progress reports, or {@code null} (warm-up)
   * @param stop ends the phase early when requested
   */
  Phase(LiveCounters live, StopSignal stop) {
    this(live, stop, System.nanoTime());
  }

  /** A phase whose clock starts at {@code startNanos}, such as an open model's first slot. */
  Phase(LiveCounters live, StopSignal stop, long startNanos) {
    this.live = live;
    this.stop = stop;
    this.startNanos = startNanos;
  }

  /** Registers a sender that will call {@link #senderFinished()} once. */
  void senderStarted() {
    running.incrementAndGet();
  }

  void senderFinished() {
    if (running.decrementAndGet() == 0) {
      complete();
    }
  }

  void complete() {
    endNanos = System.nanoTime();
    done.tryComplete(this);
  }

  Future<Phase> outcome() {
    return done.future();
  }

  void recordLive(boolean success) {
    if (live != null) {
      live.record(success);
    }
  }

  double seconds() {
    return Math.max(0, endNanos - startNanos) / 1e9;
  }
}
