package io.cartographer.load;

import io.cartographer.plan.CapacitySettings;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Quantities;
import io.cartographer.plan.Thresholds;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity model's search: open-model steps at a constant rate each, from {@code from},
 * doubling until a step breaks the variant's limits or {@code to} holds, then bisecting between
 * the highest rate that held and the lowest that did not until they are within {@code precision}.
 *
 * <p>A step holds when nothing was dropped and its p50, p99 and error rate are within the
 * variant's limits on the whole variant ({@code max-p50}, {@code max-p99}, {@code max-error-rate}).
 * A step that breaks a latency limit while its service time (from the actual send) stays within
 * it broke it waiting to be sent: in the probe (its CPU, or its connection cap), not in the target,
 * so the search ends there and says so instead of calling it the target's capacity.
 */
final class CapacitySearch {

  /** How a search ended. */
  enum Status {
    /** The highest rate that held, within the precision of the lowest that did not. */
    FOUND,
    /** Every step held, up to {@code to}: the capacity is at least that. */
    AT_LEAST_TO,
    /** The first step, at {@code from}, did not hold. */
    BELOW_FROM,
    /** A step failed waiting in the probe, not in the target: the probe was the limit. */
    PROBE_LIMITED,
    /** The run was stopped during the search. */
    STOPPED
  }

  /** A step judged, and whether it failed waiting in the probe. */
  private record Judged(CapacityOutcome.Step step, boolean probeLimited) {}

  /** The search's outcome, and the phase whose figures are the variant's. */
  record Searched(Phase figures, double figuresRate, CapacityOutcome outcome) {}

  /** The largest number of steps a search takes, whatever its bounds and precision. */
  static final int MAX_STEPS = 40;

  private final OpenLoop loop;
  private final LoadSettings load;
  private final CapacitySettings search;
  private final Thresholds limits;
  private final LiveCounters live;
  private final StopSignal stop;
  private final TimelineRecorder timeline;
  private final List<CapacityOutcome.Step> steps = new ArrayList<>();
  private Phase bestPhase;
  private double bestRate;
  private Phase firstPhase;
  private double lo = Double.NaN;
  private double hi = Double.NaN;

  CapacitySearch(OpenLoop loop, LoadSettings load, Thresholds limits, LiveCounters live, StopSignal stop,
      TimelineRecorder timeline) {
    this.loop = loop;
    this.load = load;
    this.search = load.capacity();
    this.limits = limits;
    this.live = live;
    this.stop = stop;
    this.timeline = timeline;
  }

  Future<Searched> run() {
    return step(search.from());
  }

  private Future<Searched> step(double rate) {
    long requests = Math.max(1, Math.round(rate * search.step().toNanos() / 1e9));
    return loop.run(new OpenLoop.Schedule(rate, requests, load.maxConnections(), load.lateTolerance().toNanos()),
            live, stop, timeline)
        .compose(phase -> {
          live.roundEnded();
          Judged judged = judge(rate, phase);
          steps.add(judged.step());
          if (firstPhase == null) {
            firstPhase = phase;
          }
          if (judged.step().holds() && (bestPhase == null || rate > bestRate)) {
            bestPhase = phase;
            bestRate = rate;
          }
          return next(rate, judged);
        });
  }

  private Future<Searched> next(double rate, Judged judged) {
    if (stop.isRequested()) {
      return done(Status.STOPPED, "stopped during the search: " + stop.reason());
    }
    if (judged.probeLimited()) {
      return done(Status.PROBE_LIMITED, String.format(Locale.ROOT,
          "the probe, not the target, was the limit at %s: %s", rate(rate), judged.step().reason()));
    }
    if (judged.step().holds()) {
      lo = rate;
    } else {
      hi = rate;
    }
    if (Double.isNaN(lo)) {
      return done(Status.BELOW_FROM, "the first step, at " + rate(search.from()) + ", did not hold: " + judged.step().reason());
    }
    if (Double.isNaN(hi)) {
      if (lo >= search.to()) {
        return done(Status.AT_LEAST_TO, "every step held, up to " + rate(search.to()));
      }
      return steps.size() >= MAX_STEPS ? done(Status.FOUND, "the steps ran out") : step(Math.min(search.to(), lo * 2));
    }
    if (hi / lo - 1 <= search.precision() || steps.size() >= MAX_STEPS) {
      return done(Status.FOUND, String.format(Locale.ROOT, "%s held, %s did not (within %.1f%%)", rate(lo), rate(hi),
          search.precision() * 100));
    }
    return step((lo + hi) / 2);
  }

  private Future<Searched> done(Status status, String reason) {
    Double knee = status == Status.BELOW_FROM || Double.isNaN(lo) ? null : lo;
    boolean held = bestPhase != null;
    return Future.succeededFuture(new Searched(held ? bestPhase : firstPhase, held ? bestRate : search.from(),
        new CapacityOutcome(status.name().toLowerCase(Locale.ROOT).replace('_', '-'), knee, search, steps, reason)));
  }

  /** Whether one step held, and why not. */
  private Judged judge(double rate, Phase phase) {
    Shard.Totals t = Shard.total(phase.shards);
    boolean any = t.succeeded() > 0;
    Long p50 = any ? t.latency().valueAt(50) : null;
    Long p99 = any ? t.latency().valueAt(99) : null;
    Long service99 = any && t.serviceTime() != null ? t.serviceTime().valueAt(99) : null;
    double errorRate = t.requests() == 0 ? 1 : (double) (t.requests() - t.succeeded()) / t.requests();
    List<String> broken = new ArrayList<>();
    boolean probe = false;
    if (t.dropped() > 0) {
      broken.add(t.dropped() + " requests dropped (no free connection within the timeout)");
    }
    if (limits.maxErrorRate() != null && errorRate > limits.maxErrorRate()) {
      broken.add(String.format(Locale.ROOT, "error rate %.2f%% above %.2f%%", errorRate * 100, limits.maxErrorRate() * 100));
    }
    if (!any) {
      broken.add("no request succeeded");
    }
    for (Object[] limit : new Object[][] {{"p50", limits.maxP50(), p50}, {"p99", limits.maxP99(), p99}}) {
      Duration max = (Duration) limit[1];
      Long value = (Long) limit[2];
      if (max != null && value != null && value * 1000 > max.toNanos()) {
        broken.add(limit[0] + " " + micros(value) + " above " + Quantities.format(max));
        // the wait was before the send when the target answered within the limit once sent
        probe |= limit[0].equals("p99") && service99 != null && service99 * 1000 <= max.toNanos();
      }
    }
    if (probe) {
      broken.add("service time p99 " + micros(service99) + " within it: the requests waited to be sent"
          + " (raise max-connections, or give the probe more CPU)");
    }
    boolean holds = broken.isEmpty();
    boolean probeLimited =
        probe && t.dropped() == 0 && errorRate <= (limits.maxErrorRate() == null ? 1 : limits.maxErrorRate());
    return new Judged(new CapacityOutcome.Step(rate, phase.seconds(), t.requests(), t.requests() - t.succeeded(), p50, p99,
        service99, t.dropped(), t.late(), holds, holds ? "held" : String.join("; ", broken)), probeLimited);
  }

  private static String micros(long us) {
    return Quantities.format(Duration.ofNanos(us * 1000));
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, perSecond == Math.rint(perSecond) ? "%.0f/s" : "%.1f/s", perSecond);
  }
}
