package io.cartographer.run;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportStore;
import io.cartographer.passport.ShardMergeException;
import io.cartographer.passport.ShardMerger;
import io.cartographer.plan.InvalidPlanException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the shard passports of a distributed run into the run's passport, with the plan the
 * shards ran (checked by digest). The merged passport is stored like any other and becomes
 * {@code latest.json}.
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
        ShardMerger.merge(
            plan.plan(),
            plan.source(),
            probeVersion,
            shards,
            figures -> {
              try {
                return baselines.compare(plan.plan(), figures, store, Optional.empty());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Path file = store.write(merged);
    finished.fire(new RunFinished(merged, file));
    return new RunExecutor.Stored(merged, file);
  }
}
