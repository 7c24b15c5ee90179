package io.cartographer.load;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open load model: requests at a constant rate, each with a fixed intended send time, and
 * latency measured from that intended time, as wrk2 does.
 *
 * <p>Request {@code i} of the phase is due at {@code start + i / rate}. The requests are dealt
 * round-robin to a few dispatchers, one per event-loop context, each owning a share of the allowed
 * connections and its own {@link Shard}. A dispatcher sends every request that is due, as long as
 * it has a free connection; when none is free the due requests wait, and are sent as soon as one
 * frees up, later than planned: their latency still counts from the intended time, which is what
 * corrects coordinated omission (a stalled target shows up as the latency every waiting request
 * really suffered, not as one slow request). A request sent more than the late tolerance after its
 * time is counted as late; one still waiting longer than the timeout is dropped, never sent, and
 * counted. The rate itself is never lowered.
 */
final class OpenLoop {

  private final RequestTemplate template;

  OpenLoop(RequestTemplate template) {
    this.template = template;
  }

  /**
   * The shape of one open-model phase: {@code requests} at a constant {@code rate}, or, with a
   * {@code ramp}, at the times its stages set (then {@code rate} is not used).
   */
  record Schedule(double rate, long requests, int maxConnections, long lateToleranceNanos, RampSchedule ramp) {

    Schedule(double rate, long requests, int maxConnections, long lateToleranceNanos) {
      this(rate, requests, maxConnections, lateToleranceNanos, null);
    }
  }

  Future<Phase> run(Schedule schedule, LiveCounters live, StopSignal stop, TimelineRecorder timeline) {
    long start = System.nanoTime() + 5_000_000L;
    Phase phase = new Phase(live, stop, timeline, start);
    if (schedule.requests() == 0) {
      phase.complete();
      return phase.outcome();
    }
    int dispatchers =
        (int)
            Math.min(
                schedule.requests(),
                Math.min(schedule.maxConnections(), template.contexts().size()));
    List<Dispatcher> all = new ArrayList<>();
    for (int k = 0; k < dispatchers; k++) {
      Shard shard = new Shard(true, phase.recorder(k));
      phase.shards.add(shard);
      // a ramp's unmeasured stages record apart, left out of the figures as a warm-up is
      Shard excluded = schedule.ramp() != null && schedule.ramp().hasUnmeasured() ? new Shard(true, phase.recorder(k)) : shard;
      if (excluded != shard) {
        phase.excludedShards.add(excluded);
      }
      int connections = schedule.maxConnections() / dispatchers + (k < schedule.maxConnections() % dispatchers ? 1 : 0);
      long count = (schedule.requests() - k + dispatchers - 1) / dispatchers;
      all.add(new Dispatcher(phase, shard, excluded, schedule, start, k, dispatchers, count, connections));
      phase.senderStarted();
    }
    for (Dispatcher d : all) {
      d.context.runOnContext(v -> d.pump());
    }
    return phase.outcome();
  }

  /** Sends one share of the schedule on one context. */
  private final class Dispatcher implements Exchange.Listener {
    private final ContextInternal context;
    private final Sender sender;
    private final Runnable wake;
    /** Exchanges whose requests completed, for the next ones: at most the in-flight bound. */
    private final ArrayDeque<Exchange> spare = new ArrayDeque<>();
    private final Phase phase;
    private final Shard shard;
    private final Shard excluded;
    private final RampSchedule ramp;
    private final long startNanos;
    private final double periodNanos;
    private final int offset;
    private final int stride;
    private final long count;
    private final int maxInFlight;
    private final long lateToleranceNanos;
    private final long timeoutNanos;
    private long next;
    private int inFlight;
    private boolean timerPending;
    private boolean finished;

    Dispatcher(
        Phase phase,
        Shard shard,
        Shard excluded,
        Schedule schedule,
        long startNanos,
        int offset,
        int stride,
        long count,
        int maxInFlight) {
      this.context = template.context(offset);
      // Netty runs scheduled tasks outside the Vert.x context; emit enters it in place, on this
      // same thread, without a task or lambda per wake-up as runOnContext would allocate.
      Handler<Void> woken = v -> woken();
      this.wake = () -> context.emit(woken);
      this.sender = template.senders().get(offset);
      this.phase = phase;
      this.shard = shard;
      this.excluded = excluded;
      this.ramp = schedule.ramp();
      this.startNanos = startNanos;
      this.periodNanos = schedule.ramp() != null ? 0 : 1e9 / schedule.rate();
      this.offset = offset;
      this.stride = stride;
      this.count = count;
      this.maxInFlight = maxInFlight;
      this.lateToleranceNanos = schedule.lateToleranceNanos();
      this.timeoutNanos = template.timeoutMillis() * 1_000_000L;
    }

    private long intendedAt(long index) {
      if (ramp != null) {
        return startNanos + ramp.offsetNanos(offset + index * stride);
      }
      return startNanos + (long) ((offset + index * (double) stride) * periodNanos);
    }

    /** The shard a request intended at {@code intended} counts in: its stage's. */
    private Shard shardFor(long intended) {
      return ramp == null || ramp.measuredAt(intended - startNanos) ? shard : excluded;
    }

    void pump() {
      long now = System.nanoTime();
      if (phase.stop.isRequested()) {
        next = count; // the rest of the schedule is abandoned, neither sent nor dropped
      }
      while (next < count) {
        long intended = intendedAt(next);
        if (intended - now > 0) {
          break;
        }
        if (now - intended > timeoutNanos) {
          shardFor(intended).dropped++;
          phase.recordDropped();
          next++;
          continue;
        }
        if (inFlight >= maxInFlight) {
          break;
        }
        if (now - intended > lateToleranceNanos) {
          shardFor(intended).late++;
          phase.recordLate();
        }
        next++;
        inFlight++;
        phase.recordSent();
        Exchange exchange = spare.pollLast();
        (exchange == null ? new Exchange(template, this) : exchange).reset(intended).start(sender);
      }
      if (next >= count) {
        if (inFlight == 0 && !finished) {
          finished = true;
          phase.senderFinished();
        }
      } else if (!timerPending && inFlight < maxInFlight) {
        // Vert.x timers have millisecond resolution; the event loop's own scheduler keeps the
        // schedule to the microsecond, which keeps the probe's lateness out of the latency.
        timerPending = true;
        context.nettyEventLoop().schedule(wake, intendedAt(next) - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
    }

    private void woken() {
      timerPending = false;
      pump();
    }

    @Override
    public void completed(Exchange exchange, ErrorKind error, String detail) {
      inFlight--;
      shardFor(exchange.intendedNanos).record(exchange, error, detail, System.nanoTime());
      spare.addLast(exchange);
      phase.recordLive(error);
      pump();
    }
  }
}
