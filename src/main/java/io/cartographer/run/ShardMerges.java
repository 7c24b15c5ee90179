package io.cartographer.run;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportAssembler;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportStore;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.Plan;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.RunFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the shard passports of a distributed run into the run's passport, with the plan the
 * shards ran (checked by digest), through a run's own steps: each variant judged on the merged
 * figures, the run compared with its baselines, the passport assembled and stored like any other,
 * becoming {@code latest.json}.
 */
@ApplicationScoped
public class ShardMerges {

  private final PlanSource plans;
  private final Baselines baselines;
  private final jakarta.enterprise.event.Event<RunFinished> finished;
  private final String probeVersion;

  public ShardMerges(
      PlanSource plans,
      Baselines baselines,
      jakarta.enterprise.event.Event<RunFinished> finished,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String probeVersion) {
    this.plans = plans;
    this.baselines = baselines;
    this.finished = finished;
    this.probeVersion = probeVersion;
  }

  /** Compares merged figures with a baseline, or gives {@code null}. */
  @FunctionalInterface
  interface Comparator {
    RunComparison compare(RunFigures figures) throws IOException;
  }

  /**
   * Merges run {@code runId}'s shards found in {@code store}.
   *
   * @throws ShardMergeException when shards are missing or do not belong together
   * @throws InvalidPlanException when the plan cannot be loaded
   */
  public RunExecutor.Stored merge(String runId, Optional<String> planFile, PassportStore store)
      throws ShardMergeException, InvalidPlanException, IOException {
    Map<String, byte[]> shards = store.shards(runId);
    PlanSource.LoadedPlan plan = plans.load(planFile);
    Passport merged =
        passport(
            plan.plan(),
            plan.source(),
            probeVersion,
            ShardMerger.merge(plan.plan(), shards),
            figures -> baselines.compare(plan.plan(), figures, store, Optional.empty()));
    Path file = store.write(merged);
    finished.fire(new RunFinished(merged, file));
    return new RunExecutor.Stored(merged, file);
  }

  /** The passport of merged shards: judged, compared by {@code comparator}, assembled. */
  static Passport passport(
      Plan plan, String planSource, String probeVersion, ShardMerger.Merged merged, Comparator comparator)
      throws IOException {
    List<VariantOutcome> outcomes = merged.variants().stream().map(Measurement::judge).toList();
    RunFigures figures = PassportFigures.of(
        outcomes,
        // shards are separate CLI processes, each on its first run
        new RunFigures.Fingerprint(probeVersion, merged.availableProcessors(), merged.runtime(), false));
    return PassportAssembler.assemble(
        plan,
        new PassportAssembler.RunFacts(
            PassportId.of(merged.startedAt(), merged.runId()), merged.runId(), "merge", planSource, probeVersion,
            merged.startedAt(), merged.finishedAt()),
        outcomes,
        new Passport.ShardInfo(null, merged.shards(), true),
        comparator.compare(figures));
  }
}
