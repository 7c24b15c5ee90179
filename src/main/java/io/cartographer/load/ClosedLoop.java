package io.cartographer.load;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
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
    Phase phase = new Phase(live, stop, timeline);
    int lanes = budget < 0 ? concurrency : (int) Math.min(concurrency, budget);
    if (lanes == 0) {
      phase.complete();
      return phase.outcome();
    }
    AtomicLong remaining = budget < 0 ? null : new AtomicLong(budget);
    int contexts = Math.min(lanes, template.contexts().size());
    for (int i = 0; i < contexts; i++) {
      phase.shards.add(new Shard(false, phase.recorder(i)));
    }
    List<Lane> all = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      all.add(new Lane(phase, phase.shards.get(i % contexts), template.senders().get(i), remaining, deadlineNanos));
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
    private final Shard shard;
    private final Sender sender;
    private final AtomicLong remaining;
    private final long deadlineNanos;
    /** The lane's one exchange, reused for each of its requests: one is in flight at a time. */
    private final Exchange exchange = new Exchange(template, this);

    Lane(Phase phase, Shard shard, Sender sender, AtomicLong remaining, long deadlineNanos) {
      this.phase = phase;
      this.shard = shard;
      this.sender = sender;
      this.remaining = remaining;
      this.deadlineNanos = deadlineNanos;
    }

    void next() {
      boolean another =
          !phase.stop.isRequested()
              && (remaining == null
                  ? System.nanoTime() - deadlineNanos < 0
                  : remaining.getAndDecrement() > 0);
      if (another) {
        phase.recordSent();
        exchange.reset(System.nanoTime()).start(sender);
      } else {
        phase.senderFinished();
      }
    }

    @Override
    public void completed(Exchange exchange, ErrorKind error, String detail) {
      shard.record(exchange, error, detail, System.nanoTime());
      phase.recordLive(error);
      next();
    }
  }
}
