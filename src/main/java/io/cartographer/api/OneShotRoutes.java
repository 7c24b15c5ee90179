package io.cartographer.api;

import io.cartographer.config.ProcessMode;
import io.cartographer.demo.DemoRoutes;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * In a one-shot command that probes the embedded demo, the HTTP server is there for the demo only
 * (and listens on loopback only, set by the entry point): every other path, the API's {@code /run}
 * and the dashboard included, answers 404 before any other route sees it. A service is unchanged.
 */
@ApplicationScoped
public class OneShotRoutes {

  void guard(@Observes Router router) {
    if (!ProcessMode.oneShot()) {
      return;
    }
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      String path = ctx.normalizedPath();
      if (path.startsWith(DemoRoutes.BASE_PATH + "/")) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(404).end();
      }
    });
  }
}
