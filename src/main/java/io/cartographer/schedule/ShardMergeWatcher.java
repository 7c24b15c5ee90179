package io.cartographer.schedule;

import io.cartographer.passport.PassportStore;
import io.cartographer.run.ShardMergeException;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.ShardMerges;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * In service mode, merges a distributed run as soon as all of its shards have written their
 * passports to the shared volume. A run still missing shards is left for the next tick; a run
 * whose shards cannot be merged is logged once per reason.
 */
@ApplicationScoped
public class ShardMergeWatcher {

  private static final Logger LOG = Logger.getLogger(ShardMergeWatcher.class);

  private final ShardMerges merges;
  private final PassportStore store;
  private final Map<String, String> reported = new HashMap<>();

  public ShardMergeWatcher(ShardMerges merges, PassportStore store) {
    this.merges = merges;
    this.store = store;
  }

  @Scheduled(
      identity = "cartographer-shard-merge",
      every = "${cartographer.merge.interval:10s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = OneShot.class)
  void mergeCompleteRuns() {
    try {
      for (String runId : store.shardedRuns()) {
        if (store.hasRun(runId)) {
          continue;
        }
        try {
          var stored = merges.merge(runId, Optional.empty(), store);
          LOG.infof("merged distributed run %s: %s %s", runId, stored.passport().summary().verdict(), stored.file());
        } catch (ShardMergeException e) {
          // A run still missing shards is the normal state of a run in progress.
          if (e.kind() != ShardMergeException.Kind.INCOMPLETE) {
            reportOnce(runId, e.getMessage());
          }
        } catch (InvalidPlanException e) {
          reportOnce(runId, e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warnf("cannot look for shard passports: %s", e.getMessage());
    }
  }

  private void reportOnce(String runId, String why) {
    if (!why.equals(reported.put(runId, why))) {
      LOG.warnf("distributed run %s not merged: %s", runId, why);
    }
  }

  /** One-shot commands merge explicitly, never in the background. */
  public static final class OneShot implements Scheduled.SkipPredicate {
    @Override
    public boolean test(io.quarkus.scheduler.ScheduledExecution execution) {
      return io.cartographer.config.ProcessMode.oneShot();
    }
  }
}
