package io.cartographer.demo;

import io.cartographer.config.CartographerConfig;
import io.vertx.ext.web.Router;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the demo target under {@link #BASE_PATH} on the application's HTTP server, when {@code
 * cartographer.demo.enabled} is true. Plain Vert.x routes rather than JAX-RS: the handlers answer
 * straight from precomputed bytes on the event loop.
 */
@ApplicationScoped
public class DemoRoutes {

  /** Where the demo lives; its base URL is the server's address followed by this path. */
  public static final String BASE_PATH = "/demo";

  private final CartographerConfig config;
  private DemoFaults faults;

  public DemoRoutes(CartographerConfig config) {
    this.config = config;
  }

  void routes(@Observes Router router) {
    if (config.demo().enabled()) {
      faults = new DemoFaults(
          io.cartographer.plan.Quantities.bytes(config.demo().faults().leakPerRequest()),
          io.cartographer.plan.Quantities.bytes(config.demo().faults().allocPerRequest()),
          config.demo().faults().fdLeakEvery());
      new DemoEndpoints(DemoContent.prepared(), faults).registerOn(router, BASE_PATH);
    }
  }

  /** Closes the descriptors a descriptor leak kept, at shutdown. */
  @PreDestroy
  void close() {
    if (faults != null) {
      faults.close();
    }
  }
}
