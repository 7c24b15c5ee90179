package io.cartographer.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.run.RunCoordinator;
import io.cartographer.testing.SlowTargetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import io.cartographer.run.RunStatus;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ScheduledRunsTest.EverySecond.class)
@QuarkusTestResource(SlowTargetResource.class)
class ScheduledRunsTest {

  /** Ticks every second while a run of the slow plan takes about one. */
  public static class EverySecond implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("cartographer.schedule.cron", "*/1 * * * * ?");
    }
  }

  @Inject RunCoordinator runs;
  @Inject PassportStore store;
  @Inject ScheduledRuns scheduled;

  @Test
  void cronStartsRunsThatWritePassports() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> store.list(10, null).items().stream().map(PassportListing::verdict).anyMatch(io.cartographer.verdict.Verdict.PASS::equals));
  }

  @Test
  void aTickWhileARunIsInProgressIsSkippedNotQueued() {
    AtomicReference<RunStatus> fresh = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
      runs.running().flatMap(runs::status).filter(s -> s.progress().variantsDone() == 0).ifPresent(fresh::set);
      return fresh.get() != null;
    });
    scheduled.tick();
    assertEquals(Optional.of(fresh.get().id()), runs.running(), "the run in progress keeps the slot");
    assertEquals("schedule", fresh.get().trigger());
  }
}
