package io.cartographer.load;

import io.vertx.core.Future;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed load model: {@code lanes} connections, each sending its next request as soon as the
 * previous one completes, until a request budget is spent or a deadline passes.
 *
 * <p>Each lane lives on one event-loop context, with its own connection, and all of its callbacks
 * run there, so a lane and its recording {@link Shard} need no locks; lanes are spread round-robin
 * over the variant's contexts so that every event loop carries load. The only shared state is the
 * request budget (one atomic decrement per request) and the count of lanes still running. A closed model lets a slow target
 * slow the probe down (coordinated omission): its latencies are honest per request but say
 * nothing of requests never sent; the {@link OpenLoop} answers that question.
 */
final class ClosedLoop {

  private final RequestTemplate template;

  ClosedLoop(RequestTemplate template) {
    this.template = template;
  }

  /**
   * Runs one phase.
   *
   * @param budget requests to send, or {@code -1} to send until {@code deadlineNanos}
   * @param live counts completions for progress reports, or {@code null} (warm-up)
   * @param stop ends the phase early: no lane sends another request once it is requested
   * @param timeline the measured phase's per-second recorder, or {@code null} (warm-up)
   */
  Future<Phase> run(
      int concurrency, long budget, long deadlineNanos, LiveCounters live, StopSignal stop, TimelineRecorder timeline) {
    return run(concurrency, budget, deadlineNanos, live, stop, timeline, null);
  }

  /**
   * Runs one phase whose connections follow {@code ramp} (for its length, then the phase ends):
   * lane {@code i} sends while the ramp's value rounds to more than {@code i}, and waits otherwise;
   * {@code concurrency} is the ramp's peak. A constant phase when {@code ramp} is {@code null}.
   */
  Future<Phase> run(
      int concurrency, long budget, long deadlineNanos, LiveCounters live, StopSignal stop, TimelineRecorder timeline,
      RampSchedule ramp) {
    Phase phase = new Phase(live, stop, timeline);
    int lanes = budget < 0 ? concurrency : (int) Math.min(concurrency, budget);
    if (lanes == 0) {
      phase.complete();
      return phase.outcome();
    }
    AtomicLong remaining = budget < 0 ? null : new AtomicLong(budget);
    int contexts = Math.min(lanes, template.contexts().size());
    boolean excludes = ramp != null && ramp.hasUnmeasured();
    for (int i = 0; i < contexts; i++) {
      phase.shards.add(new Shard(false, phase.recorder(i)));
      if (excludes) {
        phase.excludedShards.add(new Shard(false, phase.recorder(i)));
      }
    }
    long deadline = ramp == null ? deadlineNanos : phase.startNanos + ramp.nanos();
    List<Lane> all = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      all.add(new Lane(phase, i, phase.shards.get(i % contexts), excludes ? phase.excludedShards.get(i % contexts) : null,
          template.senders().get(i), remaining, deadline, ramp));
      phase.senderStarted();
    }
    for (int i = 0; i < lanes; i++) {
      Lane lane = all.get(i);
      template.context(i).runOnContext(v -> lane.next());
    }
    return phase.outcome();
  }

  /** One connection's worth of back-to-back requests. */
  private final class Lane implements Exchange.Listener {
    private final Phase phase;
    private final int index;
    private final Shard shard;
    private final Shard excluded;
    private final Sender sender;
    private final AtomicLong remaining;
    private final long deadlineNanos;
    private final RampSchedule ramp;
    /** The lane's one exchange, reused for each of its requests: one is in flight at a time. */
    private final Exchange exchange = new Exchange(template, this);

    Lane(Phase phase, int index, Shard shard, Shard excluded, Sender sender, AtomicLong remaining, long deadlineNanos,
        RampSchedule ramp) {
      this.phase = phase;
      this.index = index;
      this.shard = shard;
      this.excluded = excluded;
      this.sender = sender;
      this.remaining = remaining;
      this.deadlineNanos = deadlineNanos;
      this.ramp = ramp;
    }

    void next() {
      long now = System.nanoTime();
      if (ramp != null && !phase.stop.isRequested() && now - deadlineNanos < 0 && !activeAt(now)) {
        long from = ramp.activeFrom(index, now - phase.startNanos);
        if (from >= 0 && phase.startNanos + from - deadlineNanos < 0) {
          // out of the load until the ramp reaches this lane again: wait on the lane's own loop
          ContextInternal context = template.context(index);
          context.nettyEventLoop().schedule(() -> context.emit(v -> next()),
              Math.max(0, phase.startNanos + from - System.nanoTime()), TimeUnit.NANOSECONDS);
        } else {
          phase.senderFinished();
        }
        return;
      }
      boolean another =
          !phase.stop.isRequested()
              && (remaining == null
                  ? now - deadlineNanos < 0
                  : remaining.getAndDecrement() > 0);
      if (another) {
        phase.recordSent();
        exchange.reset(now).start(sender);
      } else {
        phase.senderFinished();
      }
    }

    private boolean activeAt(long now) {
      return Math.round(ramp.valueAt(now - phase.startNanos)) > index;
    }

    @Override
    public void completed(Exchange exchange, ErrorKind error, String detail) {
      boolean measured = ramp == null || excluded == null || ramp.measuredAt(exchange.intendedNanos - phase.startNanos);
      (measured ? shard : excluded).record(exchange, error, detail, System.nanoTime());
      phase.recordLive(error);
      next();
    }
  }
}
