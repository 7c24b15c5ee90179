package io.cartographer.load;

import io.cartographer.plan.Variant;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A load engine on a Vert.x of its own for a test class ({@code @RegisterExtension static final
 * TestEngine ENGINE = new TestEngine();}), closed with its ticker after the class's last test.
 */
final class TestEngine implements AfterAllCallback {

  private final Vertx vertx = Vertx.vertx();
  private final LoadEngine engine = new LoadEngine(vertx);

  /** Runs {@code variant} against {@code target} and waits for it, at most a minute. */
  VariantResult run(URI target, Variant variant, LiveCounters live) throws Exception {
    return engine.run(target, variant, live).toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  VariantResult run(URI target, Variant variant) throws Exception {
    return run(target, variant, new LiveCounters());
  }

  /** One warm-up of the probe on its own loopback server ({@link SelfWarmUp#run}), waited for. */
  SelfWarmUp.Done warmUp(long requests) throws Exception {
    return SelfWarmUp.run(vertx, engine, requests).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    engine.stopTicker();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
