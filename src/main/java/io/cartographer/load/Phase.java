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
  /** Shards of a ramp's unmeasured stages: recorded (for the timeline), not counted. */
  final List<Shard> excludedShards = new ArrayList<>();
  final long startNanos;
  final LiveCounters live;
  final StopSignal stop;
  private final TimelineRecorder timeline;
  private final AtomicInteger running = new AtomicInteger();
  private final Promise<Phase> done = Promise.promise();
  private volatile long endNanos;

  /**
   * @param live counts recorded requests for progress reports, or {@code null} (warm-up)
   * @param stop ends the phase early when requested
   * @param timeline records the phase's latencies second by second, or {@code null} (warm-up)
   */
  Phase(LiveCounters live, StopSignal stop, TimelineRecorder timeline) {
    this(live, stop, timeline, System.nanoTime());
  }

  /** A phase whose clock starts at {@code startNanos}, such as an open model's first slot. */
  Phase(LiveCounters live, StopSignal stop, TimelineRecorder timeline, long startNanos) {
    this.live = live;
    this.stop = stop;
    this.timeline = timeline;
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

  void recordLive(ErrorKind error) {
    if (live != null) {
      live.record(error);
    }
  }

  void recordSent() {
    if (live != null) {
      live.sent();
    }
  }

  void recordLate() {
    if (live != null) {
      live.late();
    }
  }

  void recordDropped() {
    if (live != null) {
      live.dropped();
    }
  }

  /** The interval recorder of context {@code k}'s latencies, or {@code null} (warm-up). */
  org.HdrHistogram.SingleWriterRecorder recorder(int k) {
    return timeline == null ? null : timeline.recorder(k);
  }

  double seconds() {
    return Math.max(0, endNanos - startNanos) / 1e9;
  }
}
