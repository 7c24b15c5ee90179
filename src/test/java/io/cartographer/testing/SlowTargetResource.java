package io.cartographer.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A loopback target that answers after 10 ms, and a two-variant plan against it that takes about
 * a second: long enough to see a run in progress, short enough for a test.
 */
public class SlowTargetResource implements QuarkusTestResourceLifecycleManager {

  private LoopbackServer server;

  @Override
  public Map<String, String> start() {
    try {
      server =
          LoopbackServer.start(
              req -> Vertx.currentContext().owner().setTimer(10, t -> req.response().end("{\"ok\":true}")));
      Path dir = Files.createTempDirectory("cartographer-api-test");
      Path plan = dir.resolve("plan.yaml");
      Files.writeString(
          plan,
          """
          name: slow-target
          target: {base-url: %s}
          defaults:
            load: {concurrency: 2, requests: 60, warmup: 2, timeout: 2s}
            thresholds: {max-p99: 2s, max-error-rate: 0}
          endpoints:
            - name: items
              path: /items
              variants: [{name: first}, {name: second, query: page=2}]
          """
              .formatted(server.baseUrl()));
      return Map.of(
          "cartographer.plan", plan.toString(),
          "cartographer.passport-dir", dir.resolve("passports").toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void stop() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
