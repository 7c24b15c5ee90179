package io.cartographer.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.testing.TestPassports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The service merges a distributed run by itself once every shard has written its passport. */
@QuarkusTest
@TestProfile(ShardMergeWatcherTest.FixturePlan.class)
class ShardMergeWatcherTest {

  /** The service runs the plan the shards ran, and looks for complete runs every second. */
  public static class FixturePlan implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path dir = Files.createTempDirectory("cartographer-merge");
        Path plan = Files.writeString(dir.resolve("plan.yaml"), TestPassports.PLAN);
        return Map.of(
            "cartographer.plan", plan.toString(),
            "cartographer.passport-dir", dir.resolve("passports").toString(),
            "cartographer.merge.interval", "1s");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Inject PassportStore store;

  @Test
  void mergesOnceTheLastShardArrives() throws Exception {
    Instant t0 = Instant.parse("2026-11-26T10:00:00Z");
    store.writeShard(TestPassports.shard(t0, "0000beef", 0, 2, 0, 1000, 2000));
    Thread.sleep(1500);
    assertEquals(false, store.hasRun("0000beef"), "one shard of two is not a run yet");
    store.writeShard(TestPassports.shard(t0.plusSeconds(1), "0000beef", 1, 2, 0, 3000));
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> store.hasRun("0000beef"));
    PassportListing merged = store.list(1, null).items().get(0);
    assertEquals("20261126T100000Z-0000beef", merged.id());
    assertEquals(io.cartographer.verdict.Verdict.PASS, merged.verdict());
  }
}
