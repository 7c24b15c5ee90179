package io.cartographer.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The built-in plan that probes the demo target. It names no base URL: load it with {@code
 * PlanLoader.parse(DemoPlan.yaml(), "built-in demo plan", false, demoBaseUrl)}, where {@code
 * demoBaseUrl} is the server's address followed by {@link DemoRoutes#BASE_PATH}.
 */
public final class DemoPlan {

  /** Classpath location of the plan. */
  public static final String RESOURCE = "plans/demo-plan.yaml";

  private DemoPlan() {}

  /** The plan's YAML text. */
  public static String yaml() {
    try (InputStream in = DemoPlan.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
