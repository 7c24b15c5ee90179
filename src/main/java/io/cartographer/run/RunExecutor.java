package io.cartographer.run;

import io.cartographer.load.LiveCounters;
import io.cartographer.load.LoadEngine;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMonitor;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetEfficiency;
import io.cartographer.memory.TargetMemory;
import io.cartographer.memory.TargetMemorySampler;
import io.vertx.core.Vertx;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportAssembler;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportStore;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.plan.Plan;
import io.cartographer.plan.ShardSplit;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.RegressionTest;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.VariantComparison;
import io.cartographer.verdict.RunFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Executes one run on the calling thread, which must not be an event loop: each variant in plan
 * order through the load engine, its verdict, the comparison with each variant's baseline, the
 * confirmation of what looks regressed (those variants measured again, up to {@code
 * cartographer.verdict.confirm} times, each re-measurement judged on its own, the passport keeping
 * every attempt), then the passport, stored atomically.
 */
@ApplicationScoped
public class RunExecutor {

  private static final Logger LOG = Logger.getLogger(RunExecutor.class);
  private static final TargetMemory NO_METRICS =
      TargetMemory.notMeasured("the plan names no metrics endpoint of the target (target.metrics)");
  private static final TargetEfficiency NO_EFFICIENCY =
      TargetEfficiency.notMeasured("the plan names no metrics endpoint of the target (target.metrics)");

  private final LoadEngine engine;
  private final Vertx vertx;
  private final Baselines baselines;
  private final String probeVersion;
  private final java.time.Duration abortGrace;
  private final int confirm;
  private final long selfWarmUpRequests;
  private final java.util.concurrent.atomic.AtomicInteger finishedRuns = new java.util.concurrent.atomic.AtomicInteger();

  public RunExecutor(
      LoadEngine engine,
      Vertx vertx,
      Baselines baselines,
      io.cartographer.config.CartographerConfig config,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String probeVersion) {
    this.engine = engine;
    this.abortGrace = config.run().abortGrace();
    this.confirm = Math.max(0, config.verdict().confirm());
    this.selfWarmUpRequests = Math.max(0, config.run().selfWarmUpRequests());
    this.vertx = vertx;
    this.baselines = baselines;
    this.probeVersion = probeVersion;
  }

  /**
   * The stored passport of a finished run; both {@code null} for a run aborted before any variant
   * ended, which stores nothing.
   */
  public record Stored(Passport passport, Path file) {

    public boolean aborted() {
      return passport == null || passport.status() == Passport.Status.ABORTED;
    }
  }

  Stored execute(
      RunHandle handle,
      PlanSource.LoadedPlan loaded,
      PassportStore store,
      RunCoordinator.RunOptions options)
      throws IOException, InterruptedException {
    java.util.Optional<RunCoordinator.ShardSpec> shard = options.shard();
    Plan plan =
        shard.map(s -> ShardSplit.shard(loaded.plan(), s.index(), s.count())).orElse(loaded.plan());
    List<Variant> variants = plan.variants();
    handle.planned(variants.size());
    int runsBefore = finishedRuns.get();
    List<VariantOutcome> outcomes = new ArrayList<>();
    warmUpProbe();
    for (Variant variant : variants) {
      if (handle.stop.isRequested()) {
        break;
      }
      VariantOutcome outcome = measure(handle, plan, variant);
      if (outcome == null) {
        break;
      }
      outcomes.add(outcome);
      handle.variantFinished();
    }
    boolean aborted = handle.stop.isRequested();
    if (aborted && outcomes.isEmpty()) {
      return new Stored(null, null);
    }
    RunComparison comparison =
        shard.isPresent() || aborted ? null : baselines.compare(plan, figures(outcomes, runsBefore), store, options.baseline());
    int confirmations = options.confirm().orElse(confirm);
    for (int attempt = 1; comparison != null && attempt <= confirmations && !handle.stop.isRequested(); attempt++) {
      List<Integer> regressed = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        VariantComparison c = comparison.byVariant().get(outcomes.get(i).result().variant().key());
        if (c != null && !regressedMetrics(c).isEmpty()) {
          regressed.add(i);
        }
      }
      if (regressed.isEmpty()) {
        break;
      }
      List<VariantOutcome> remeasured = new ArrayList<>();
      for (int i : regressed) {
        VariantOutcome earlier = outcomes.get(i);
        Variant variant = earlier.result().variant();
        LOG.infof("%s looks regressed; measuring it again (confirmation %d of %d)", variant.key(), attempt, confirmations);
        VariantOutcome again = handle.stop.isRequested() ? null : measure(handle, plan, variant);
        if (again == null) {
          break;
        }
        List<Passport.Attempt> attempts = new ArrayList<>(earlier.earlierAttempts());
        attempts.add(attempt(earlier, regressedMetrics(comparison.byVariant().get(variant.key()))));
        VariantOutcome latest = again.withEarlierAttempts(attempts);
        outcomes.set(i, latest);
        remeasured.add(latest);
      }
      if (remeasured.isEmpty()) {
        break;
      }
      comparison = baselines.confirm(plan, comparison, figures(remeasured, runsBefore), store, options.baseline());
    }
    aborted = handle.stop.isRequested();
    if (aborted) {
      comparison = null;
    }
    Passport passport =
        PassportAssembler.assemble(
            plan,
            new PassportAssembler.RunFacts(
                PassportId.of(handle.startedAt, handle.id),
                handle.id,
                handle.trigger,
                loaded.source(),
                probeVersion,
                handle.startedAt,
                Instant.now(),
                runsBefore),
            outcomes,
            shard.map(s -> new Passport.ShardInfo(s.index(), s.count(), null)).orElse(null),
            comparison);
    finishedRuns.incrementAndGet();
    if (aborted) {
      Passport stopped = PassportAssembler.aborted(passport, handle.stop.reason(), variants.size());
      return new Stored(stopped, store.write(stopped, latencyLog(handle, outcomes)));
    }
    return new Stored(passport, shard.isPresent() ? store.writeShard(passport) : store.write(passport, latencyLog(handle, outcomes)));
  }

  /** Before anything is measured, and before the first variant's probe monitor starts. */
  private void warmUpProbe() throws InterruptedException {
    try {
      // the warm-up gives itself up after 30 s; this bound is only a backstop
      engine.warmUpOnce(selfWarmUpRequests).toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warnf("the probe's warm-up did not finish (%s); measuring anyway", e.toString());
    }
  }

  /** The interval log of the variants that ran, as the passport's {@code latency_log} names it. */
  private static byte[] latencyLog(RunHandle handle, List<VariantOutcome> outcomes) {
    return io.cartographer.passport.LatencyLogs.render(handle.startedAt, outcomes.stream()
        .map(o -> o.result().timeline())
        .filter(java.util.Objects::nonNull)
        .map(io.cartographer.load.Timeline::latencyLog)
        .toList());
  }

  /**
   * Runs one variant with the probe and the target's memory watched; {@code null} when the run
   * was aborted and its requests in flight outlived the abort grace.
   */
  private VariantOutcome measure(RunHandle handle, Plan plan, Variant variant) throws InterruptedException {
    LiveCounters live = handle.variantStarted(variant.key());
    ProbeMonitor probe = ProbeMonitor.start(vertx, io.cartographer.load.EventLoops.of(vertx));
    TargetMemorySampler target =
        plan.metrics() == null
            ? null
            : TargetMemorySampler.start(
                vertx, plan.metrics().url(), plan.metrics().series(), plan.metrics().interval(),
                plan.connection().tls(), live::completed, plan.metrics().efficiencySeries());
    if (target != null) {
      live.onMeasuredPhase(target::measuredPhaseStarted);
      live.onRoundEnded(target::roundEnded);
    }
    VariantResult result =
        await(engine.run(plan.baseUrl(), variant, live, plan.connection()).toCompletableFuture(), handle);
    TargetMemory memory = target == null ? NO_METRICS : target.stop();
    TargetEfficiency efficiency = target == null ? NO_EFFICIENCY : target.efficiency();
    ProbeResources resources = probe.stop();
    if (result == null) {
      LOG.warnf("%s: abandoned, its requests in flight outlived the abort grace of %s", variant.key(), abortGrace);
      return null;
    }
    LOG.debugf("%s: %d requests, %d failed", variant.key(), result.requests(), result.failed());
    return new Measurement(result, resources, memory, efficiency).judge();
  }

  private static List<String> regressedMetrics(VariantComparison c) {
    return c.metrics().stream().filter(m -> m.finding() == RegressionTest.Finding.REGRESSION)
        .map(VariantComparison.MetricComparison::metric).toList();
  }

  private static Passport.Attempt attempt(VariantOutcome o, List<String> regressed) {
    VariantResult r = o.result();
    boolean measured = r.latency().count() > 0;
    return new Passport.Attempt(r.startedAt().toString(), r.finishedAt().toString(), r.requests(), r.failed(),
        measured ? r.latency().valueAt(50) / 1000.0 : null, measured ? r.latency().valueAt(99) / 1000.0 : null,
        r.throughput(), regressed);
  }

  private RunFigures figures(List<VariantOutcome> outcomes, int runsBefore) {
    return PassportFigures.of(
        outcomes,
        new RunFigures.Fingerprint(probeVersion, Runtime.getRuntime().availableProcessors(), PassportAssembler.runtime(),
            runsBefore > 0));
  }

  /**
   * The variant's result; {@code null} when the run is aborted and the load has not ended within
   * the abort grace after the stop was asked for (its requests in flight may have long timeouts).
   */
  private VariantResult await(java.util.concurrent.CompletableFuture<VariantResult> future, RunHandle handle)
      throws InterruptedException {
    try {
      java.util.concurrent.CompletableFuture.anyOf(future, handle.stop.requested()).get();
      return future.get(abortGrace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("load engine failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    }
  }

}
