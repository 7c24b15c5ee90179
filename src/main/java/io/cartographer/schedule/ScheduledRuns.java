package io.cartographer.schedule;

import io.cartographer.plan.InvalidPlanException;
import io.cartographer.run.RunCoordinator;
import io.cartographer.run.RunInProgressException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Starts a run on each tick of {@code cartographer.schedule.cron} (off by default). */
@ApplicationScoped
public class ScheduledRuns {

  private static final Logger LOG = Logger.getLogger(ScheduledRuns.class);

  private final RunCoordinator runs;

  public ScheduledRuns(RunCoordinator runs) {
    this.runs = runs;
  }

  @Scheduled(
      identity = "cartographer-run",
      cron = "${cartographer.schedule.cron:off}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    try {
      runs.start("schedule", RunCoordinator.RunOptions.CONFIGURED);
    } catch (RunInProgressException e) {
      LOG.infof("scheduled run skipped: run %s is still in progress", e.runningId());
    } catch (InvalidPlanException | java.io.IOException | io.cartographer.run.PlanOverrideRefusedException e) {
      LOG.errorf("scheduled run not started: %s", e.getMessage());
    }
  }
}
