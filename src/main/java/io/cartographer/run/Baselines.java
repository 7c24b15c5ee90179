package io.cartographer.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.config.CartographerConfig;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PassportListing;
import io.cartographer.passport.PassportStore;
import io.cartographer.plan.Plan;
import io.cartographer.plan.Tolerances;
import io.cartographer.plan.Variant;
import io.cartographer.verdict.ComparisonJudge;
import io.cartographer.verdict.RunComparison;
import io.cartographer.verdict.RunFigures;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses what a run is compared with and compares it. The baseline is, in this order: the one
 * asked for ({@code --baseline id|file|latest}), the pin of {@code cartographer.baseline.pin} (when
 * it is a passport of this plan), the plan's pin made over HTTP, or the latest passport of the same
 * plan that passed its thresholds without regressions. Those last passports are also the plan's
 * history, from which the noise of a comparison is estimated.
 */
@ApplicationScoped
public class Baselines {

  private final CartographerConfig config;

  public Baselines(CartographerConfig config) {
    this.config = config;
  }

  /**
   * @param given {@code latest}, a passport id, or a passport file; empty for the default choice
   * @throws IllegalArgumentException when the given baseline cannot be read
   */
  public RunComparison compare(Plan plan, RunFigures current, PassportStore store, Optional<String> given)
      throws IOException {
    List<JsonNode> history = history(store, plan.name());
    JsonNode baseline = null;
    String source = null;
    if (given.isPresent()) {
      baseline = given(store, given.get());
      source = "given";
    } else {
      for (Optional<String> pin : List.of(config.baseline().pin(), pinned(store, plan.name()))) {
        if (baseline == null && pin.isPresent() && PassportId.isValid(pin.get())) {
          JsonNode pinned = store.read(pin.get()).map(Baselines::parse).orElse(null);
          if (pinned != null && plan.name().equals(pinned.at("/plan/name").asText())) {
            baseline = pinned;
            source = "pinned";
          }
        }
      }
      if (baseline == null && !history.isEmpty()) {
        baseline = history.get(0);
        source = "latest-passing";
      }
    }
    Map<String, Tolerances> tolerances = new LinkedHashMap<>();
    for (Variant v : plan.variants()) {
      tolerances.put(v.key(), v.tolerances());
    }
    RunFigures base = baseline == null ? null : PassportFigures.from(baseline);
    List<RunFigures> past = history.stream().map(PassportFigures::from).toList();
    return new RunComparison(
        base == null ? null : base.id(),
        base == null ? null : source,
        ComparisonJudge.warnings(current, base),
        ComparisonJudge.compare(current, base, past, tolerances));
  }

  /** Compares two passports, the way {@code compare A B} and the compare endpoint do. */
  public static RunComparison compare(JsonNode current, JsonNode baseline, Map<String, Tolerances> tolerances) {
    RunFigures a = PassportFigures.from(current);
    RunFigures b = PassportFigures.from(baseline);
    return new RunComparison(b.id(), "given", ComparisonJudge.warnings(a, b), ComparisonJudge.compare(a, b, List.of(), tolerances));
  }

  /**
   * Checks that a baseline asked for can be read, before a run spends its load.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public void check(PassportStore store, String given) throws IOException {
    given(store, given);
  }

  private static Optional<String> pinned(PassportStore store, String plan) {
    try {
      return store.pinned(plan);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private JsonNode given(PassportStore store, String ref) throws IOException {
    Optional<byte[]> bytes = ref.equals("latest") ? store.latest() : store.readIdOrFile(ref);
    JsonNode node = bytes.map(Baselines::parse).orElse(null);
    if (node == null || !node.path("test_results").isArray()) {
      throw new IllegalArgumentException("baseline '" + ref + "' is not a readable passport");
    }
    return node;
  }

  /** The plan's last passing passports without regressions, newest first. */
  private List<JsonNode> history(PassportStore store, String plan) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    int wanted = Math.max(1, config.baseline().history());
    for (PassportListing item : store.cleanPasses(plan)) {
      store.read(item.id()).map(Baselines::parse).ifPresent(out::add);
      if (out.size() == wanted) {
        break;
      }
    }
    return out;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return PassportJson.read(bytes);
    } catch (IOException e) {
      return null;
    }
  }
}
