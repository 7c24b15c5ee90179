package io.cartographer.plan;

import io.cartographer.testing.TestVariants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShardSplitTest {

  private static LoadSettings closed(int concurrency, long requests, int warmup) {
    return TestVariants.closed(concurrency, requests, null, warmup, Duration.ofSeconds(1), 1024);
  }

  private static LoadSettings open(double rate, Duration duration, int maxConnections, int warmup) {
    return TestVariants.open(rate, duration, maxConnections, warmup, Duration.ofSeconds(1), 1024);
  }

  @ParameterizedTest(name = "{0} connections, {1} requests, {2} warm-up over {3} shards")
  @CsvSource({"64, 1000, 100, 3", "10, 7, 3, 3", "2, 1000, 10, 5", "1, 1, 0, 4", "7, 1000003, 11, 7"})
  void closedModelSharesAddUpToThePlan(int concurrency, long requests, int warmup, int shards) {
    LoadSettings whole = closed(concurrency, requests, warmup);
    long lanes = 0;
    long sent = 0;
    long warm = 0;
    for (int i = 0; i < shards; i++) {
      LoadSettings part = ShardSplit.shard(whole, i, shards);
      lanes += part.concurrency();
      sent += part.requests();
      warm += part.warmup();
      if (part.concurrency() == 0) {
        assertEquals(0, part.requests(), "a shard without connections sends nothing");
      }
    }
    assertEquals(concurrency, lanes);
    assertEquals(requests, sent);
    assertEquals(warmup, warm);
  }

  @ParameterizedTest(name = "{0}/s for {1} ms over {2} shards")
  @CsvSource({"2000, 10000, 3", "7, 1000, 3", "100, 1500, 4", "1, 3000, 5", "333.3, 7000, 6"})
  void openModelSharesScheduleExactlyTheIntendedRequests(double rate, long millis, int shards) {
    LoadSettings whole = open(rate, Duration.ofMillis(millis), 64, 50);
    long intended = 0;
    for (int i = 0; i < shards; i++) {
      intended += ShardSplit.shard(whole, i, shards).intendedRequests();
    }
    assertEquals(whole.intendedRequests(), intended);
  }

  @Test
  void aShardThatDoesNotExistIsRefused() {
    Plan plan = new Plan("p", java.net.URI.create("http://127.0.0.1:1"), null, java.util.List.of(), Thresholds.NONE, "d");
    assertThrows(IllegalArgumentException.class, () -> ShardSplit.shard(plan, 3, 3));
    assertThrows(IllegalArgumentException.class, () -> ShardSplit.shard(plan, 0, 0));
  }
}
