package io.cartographer.run;

import io.cartographer.load.LiveCounters;
import io.cartographer.load.LoadEngine;
import io.cartographer.load.VariantResult;
import io.cartographer.memory.ProbeMonitor;
import io.cartographer.memory.ProbeResources;
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
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.RunFigures;
import io.cartographer.verdict.ThresholdJudge;
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
 * order through the load engine, its verdict, then the passport, stored atomically.
 */
@ApplicationScoped
public class RunExecutor {

  private static final Logger LOG = Logger.getLogger(RunExecutor.class);
  private static final TargetMemory NO_METRICS =
      TargetMemory.notMeasured("the plan names no metrics endpoint of the target (target.metrics)");

  private final LoadEngine engine;
  private final Vertx vertx;
  private final Baselines baselines;
  private final String probeVersion;
  private final java.time.Duration abortGrace;

  public RunExecutor(
      LoadEngine engine,
      Vertx vertx,
      Baselines baselines,
      io.cartographer.config.CartographerConfig config,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String probeVersion) {
    this.engine = engine;
    this.abortGrace = config.run().abortGrace();
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
      return passport == null || "aborted".equals(passport.status());
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
    List<VariantOutcome> outcomes = new ArrayList<>();
    for (Variant variant : variants) {
      if (handle.stop.isRequested()) {
        break;
      }
      LiveCounters live = handle.variantStarted(variant.key());
      ProbeMonitor probe = ProbeMonitor.start(vertx, io.cartographer.load.EventLoops.of(vertx));
      TargetMemorySampler target =
          plan.metrics() == null
              ? null
              : TargetMemorySampler.start(
                  vertx, plan.metrics().url(), plan.metrics().series(), plan.metrics().interval(),
                  plan.connection().tls());
      VariantResult result =
          await(engine.run(plan.baseUrl(), variant, live, plan.connection()).toCompletableFuture(), handle);
      TargetMemory memory = target == null ? NO_METRICS : target.stop();
      ProbeResources resources = probe.stop();
      if (result == null) {
        LOG.warnf("%s: abandoned, its requests in flight outlived the abort grace of %s", variant.key(), abortGrace);
        break;
      }
      outcomes.add(new VariantOutcome(result, ThresholdJudge.judge(result, memory), resources, memory));
      handle.variantFinished();
      LOG.debugf("%s: %d requests, %d failed", variant.key(), result.requests(), result.failed());
    }
    boolean aborted = handle.stop.isRequested();
    if (aborted && outcomes.isEmpty()) {
      return new Stored(null, null);
    }
    RunComparison comparison =
        shard.isPresent() || aborted ? null : baselines.compare(plan, figures(outcomes), store, options.baseline());
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
                Instant.now()),
            outcomes,
            shard.map(s -> new Passport.ShardInfo(s.index(), s.count(), null)).orElse(null),
            comparison);
    if (aborted) {
      Passport stopped = PassportAssembler.aborted(passport, handle.stop.reason(), variants.size());
      return new Stored(stopped, store.write(stopped));
    }
    return new Stored(passport, shard.isPresent() ? store.writeShard(passport) : store.write(passport));
  }

  private RunFigures figures(List<VariantOutcome> outcomes) {
    return PassportFigures.of(
        outcomes,
        new RunFigures.Fingerprint(probeVersion, Runtime.getRuntime().availableProcessors(), PassportAssembler.runtime()));
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
