package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProbeMonitorTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * The test JVM may still be compiling or collecting after earlier tests, and a busy neighbour
   * can hold a core: CPU and lag the guard rightly counts. A light probe is unflagged in at least
   * one of ten half-second windows; a guard that misjudged light load would flag every one.
   */
  @Test
  void aLightRunIsNotFlagged() throws Exception {
    List<String> flagged = new ArrayList<>();
    ProbeResources r = null;
    for (int window = 0; window < 10 && (r == null || r.saturated()); window++) {
      if (r != null) {
        flagged.add(r.evidence());
      }
      ProbeMonitor monitor = ProbeMonitor.start(vertx, 4);
      Thread.sleep(500);
      r = monitor.stop();
    }
    assertFalse(r.saturated(), "flagged in every window: " + flagged + ", " + r.evidence());
    if (!flagged.isEmpty()) {
      System.out.println("light probe flagged in " + flagged.size() + " window(s) first: " + flagged);
    }
    assertNotNull(r.cpuSeconds());
    assertTrue(r.loopLagSamples() > 10, "ticks on every loop: " + r.loopLagSamples());
    assertTrue(r.after().heapUsedBytes() > 0);
  }

  /** Every core spins and every event loop is blocked in turn: the probe is the bottleneck. */
  @Test
  void aStarvedProbeIsFlaggedWithItsEvidence() throws Exception {
    AtomicBoolean spin = new AtomicBoolean(true);
    List<Thread> burners = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors() * 2; i++) {
      Thread t = new Thread(() -> {
        while (spin.get()) {
          Thread.onSpinWait();
        }
      });
      t.setDaemon(true);
      t.start();
      burners.add(t);
    }
    try {
      ProbeMonitor monitor = ProbeMonitor.start(vertx, 4);
      for (int i = 0; i < 8; i++) {
        vertx.runOnContext(v -> busy(60));
      }
      Thread.sleep(600);
      ProbeResources r = monitor.stop();
      assertTrue(r.saturated(), r.evidence());
      assertTrue(r.evidence().startsWith("probe CPU"), r.evidence());
    } finally {
      spin.set(false);
      for (Thread t : burners) {
        t.join(5000);
      }
    }
  }

  @Test
  void aVariantTooShortToJudgeIsNotFlagged() {
    ProbeResources r = ProbeMonitor.start(vertx, 2).stop();
    assertFalse(r.saturated());
    assertTrue(r.evidence().startsWith("not judged: ran"), r.evidence());
  }

  private static void busy(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
