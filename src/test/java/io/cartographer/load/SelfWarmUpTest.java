package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.LoadModel;
import io.cartographer.plan.Variant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SelfWarmUpTest {

  @RegisterExtension static final TestEngine ENGINE = new TestEngine();

  @Test
  void itsPlanIsAClosedThenAnOpenVariantSharingTheRequests() {
    List<Variant> variants = SelfWarmUp.variants(4321, 10_000);
    assertEquals(2, variants.size());
    Variant closed = variants.get(0);
    Variant open = variants.get(1);
    assertEquals(LoadModel.CLOSED, closed.load().model());
    assertEquals(5_000L, closed.load().requests());
    assertEquals(LoadModel.OPEN, open.load().model());
    assertEquals(5_000, open.load().intendedRequests());
    assertEquals(0, closed.load().warmup());
    assertEquals(0, open.load().warmup());
  }

  @Test
  void everyRequestGoesToItsOwnServerAndIsAnsweredWithBothBodyFramings() throws Exception {
    // a quarter of the answers are chunked: a parser that failed on either framing shows as failures
    SelfWarmUp.Done done = ENGINE.warmUp(2_000);
    assertEquals(0, done.failed(), done.toString());
    assertEquals(2_000, done.answered(), done.toString());
  }

  @Test
  void aWarmUpThatFailedNeverFailsTheRun() throws Exception {
    // the run waits on this; a warm-up that could not listen or send is logged, and the run goes on
    var quiet = SelfWarmUp.quietly(io.vertx.core.Future.failedFuture(new java.net.BindException("no loopback")));
    assertTrue(quiet.succeeded(), String.valueOf(quiet.cause()));
  }

  @Test
  void aWarmUpThatNeverEndsIsGivenUp() throws Exception {
    // event loops that never answer: the run still goes on, after the bound
    var never = io.vertx.core.Promise.<Void>promise().future();
    assertEquals(null, SelfWarmUp.bounded(never, 1).get(60, TimeUnit.SECONDS));
  }

  @Test
  void laterCallsShareTheFirstWarmUpOfTheProcess() throws Exception {
    // the JIT's work is not undone: whatever ran first in this JVM, no second warm-up starts
    var first = SelfWarmUp.once(null, null, 0);
    assertTrue(first.get(60, TimeUnit.SECONDS) == null);
    assertSame(first, SelfWarmUp.once(null, null, 10_000));
  }
}
