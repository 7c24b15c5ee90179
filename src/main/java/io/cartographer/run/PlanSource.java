package io.cartographer.run;

import io.cartographer.config.CartographerConfig;
import io.cartographer.demo.DemoPlan;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.PlanProblem;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Finds the plan to run: the file {@code cartographer.plan} names, or else the built-in plan of
 * the embedded demo target. The file is read again for every run, so an updated ConfigMap takes
 * effect without a restart.
 */
@ApplicationScoped
public class PlanSource {

  private final CartographerConfig config;
  private final PlanLoader loader = new PlanLoader();
  private final PlanLoader sentPlanLoader = PlanLoader.forSentPlans();

  public PlanSource(CartographerConfig config) {
    this.config = config;
  }

  /** A plan and where it came from, for the passport. */
  public record LoadedPlan(Plan plan, String source) {}

  /**
   * Loads the configured plan, or the file {@code override} names when present.
   *
   * @throws InvalidPlanException listing every problem
   */
  public LoadedPlan load(Optional<String> override) throws InvalidPlanException {
    Optional<String> file = override.isPresent() ? override : config.plan();
    if (file.isPresent()) {
      Path path = Path.of(file.get());
      return new LoadedPlan(loader.load(path), path.toAbsolutePath().toString());
    }
    if (!config.demo().enabled()) {
      throw new InvalidPlanException(
          "(none)",
          List.of(
              new PlanProblem(
                  "cartographer.plan",
                  "no plan file is configured and the demo target is off"
                      + " (set cartographer.plan or cartographer.demo.enabled=true)")));
    }
    String source = "built-in demo plan";
    return new LoadedPlan(loader.parse(DemoPlan.yaml(), source, false, demoBaseUrl()), source);
  }

  /**
   * What {@link #load} would read, as a value that changes whenever its answer could: the plan
   * file's path, modification time and size (an updated ConfigMap swaps the file), or the built-in
   * plan's base URL. Empty when the file cannot be looked at: then only loading it says why.
   */
  public Optional<Object> fingerprint() {
    Optional<String> file = config.plan();
    if (file.isEmpty()) {
      return Optional.of(List.of("built-in", config.demo().enabled(), demoBaseUrl()));
    }
    Path path = Path.of(file.get()).toAbsolutePath();
    try {
      java.nio.file.attribute.BasicFileAttributes a =
          java.nio.file.Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
      return Optional.of(List.of(path, a.lastModifiedTime(), a.size(), a.fileKey() == null ? "" : a.fileKey()));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** Where a plan sent with a run request is said to come from, in its passport. */
  public static final String OVERRIDE_SOURCE = "plan sent with POST /run";

  /**
   * Loads a plan sent with a run request, if this service allows it
   * ({@code cartographer.run.allow-plan-override}) and it only targets allowed hosts.
   *
   * @throws PlanOverrideRefusedException when overrides are off or a host is not allowed
   * @throws InvalidPlanException listing every problem of the plan
   */
  public LoadedPlan loadOverride(String text) throws PlanOverrideRefusedException, InvalidPlanException {
    if (!config.run().allowPlanOverride()) {
      throw new PlanOverrideRefusedException(
          "this service runs only its configured plan; a plan in the request needs"
              + " cartographer.run.allow-plan-override=true");
    }
    String trimmed = text.stripLeading();
    Plan plan;
    try {
      plan = sentPlanLoader.parse(text, OVERRIDE_SOURCE, trimmed.startsWith("{"), null);
    } catch (InvalidPlanException e) {
      if (e.problems().stream().anyMatch(p -> p.path().startsWith("target.tls.ca-file"))) {
        throw caFileRefused();
      }
      throw e;
    }
    if (plan.connection().tls().caFile() != null) {
      throw caFileRefused();
    }
    AllowedHosts allowed = new AllowedHosts(config.run().allowedHosts().orElse(List.of()));
    List<URI> urls = new java.util.ArrayList<>(List.of(plan.baseUrl()));
    if (plan.metrics() != null) {
      urls.add(plan.metrics().url());
    }
    for (URI url : urls) {
      if (!allowed.allows(url)) {
        throw new PlanOverrideRefusedException(
            "host '" + url.getHost() + "' of " + url + " is not in cartographer.run.allowed-hosts (" + allowed + ")");
      }
    }
    List<String> broken = new SentPlanCaps(config.run().caps()).broken(plan);
    if (!broken.isEmpty()) {
      throw new PlanOverrideRefusedException(
          "the plan sent with the request exceeds this service's caps: " + String.join("; ", broken));
    }
    return new LoadedPlan(plan, OVERRIDE_SOURCE);
  }

  /** A sent plan may not name local files: whether one exists would leak through the answer. */
  private static PlanOverrideRefusedException caFileRefused() {
    return new PlanOverrideRefusedException(
        "target.tls.ca-file is not allowed in a plan sent with the request; configure the plan file instead");
  }

  /** The demo target on this process's own HTTP port, which may have been chosen at random. */
  static URI demoBaseUrl() {
    String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
    int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8080);
    return URI.create("http://127.0.0.1:" + port + "/demo");
  }
}
