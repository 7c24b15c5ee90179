package io.cartographer.load;

import io.netty.util.concurrent.MultithreadEventExecutorGroup;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/** How many event loops a Vert.x instance has: the most the load can keep busy at once. */
public final class EventLoops {

  private EventLoops() {}

  /**
   * The size of {@code vertx}'s event-loop group ({@code quarkus.vertx.event-loops-pool-size},
   * twice the cores by default).
   */
  public static int of(Vertx vertx) {
    if (vertx instanceof VertxInternal internal
        && internal.getEventLoopGroup() instanceof MultithreadEventExecutorGroup group) {
      return group.executorCount();
    }
    return byDefault();
  }

  /** Vert.x's default: twice the cores. */
  static int byDefault() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }
}
