package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity model in plans: how it resolves, and every way it can be wrong. */
class CapacityPlanTest {

  private static final String PLAN =
      """
      name: capacity
      target: {base-url: 'http://127.0.0.1:8080'}
      defaults:
        load: {requests: 100, rounds: 3}
        thresholds: {max-p99: 50ms}
      endpoints:
        - name: items
          path: /items
          variants:
            - name: knee
              load: {model: capacity, from: 100/s, to: 5000/s, step: 3s, precision: 0.1, max-connections: 128}
            - name: defaults
              load: {model: capacity, from: 50/s, to: 500/s}
      """;

  private static Plan parse(String yaml) throws InvalidPlanException {
    return PlanProblems.parse(yaml);
  }

  private static List<String> problems(String yaml) {
    return PlanProblems.of(yaml);
  }

  @Test
  void theCapacityModelResolvesToAnOpenSearchOfOneRound() throws Exception {
    Plan plan = parse(PLAN);
    LoadSettings knee = plan.variants().get(0).load();
    assertTrue(knee.searchesCapacity());
    assertEquals(LoadModel.OPEN, knee.model());
    assertEquals(new CapacitySettings(100, 5000, Duration.ofSeconds(3), 0.1), knee.capacity());
    assertEquals(100.0, knee.rate(), "the first step's rate");
    assertEquals(1, knee.rounds(), "inherited rounds do not apply");
    assertEquals(null, knee.requests(), "nor the inherited request count");
    assertEquals(128, knee.maxConnections());
    assertEquals(new CapacitySettings(50, 500, Duration.ofSeconds(5), 0.05), plan.variants().get(1).load().capacity(),
        "step 5s and precision 0.05 by default");
    Plan changed = parse(PLAN.replace("precision: 0.1", "precision: 0.2"));
    assertNotEquals(plan.variants().get(0).definitionDigest(), changed.variants().get(0).definitionDigest(),
        "the search is part of what the variant measures");
  }

  @Test
  void badCapacitySettingsNameTheirField() {
    String at = "endpoints[0].variants[1].load";
    assertEquals(List.of(at + ".to: is required by the capacity model: the highest rate to try (e.g. 5000/s)"),
        problems(PLAN.replace("from: 50/s, to: 500/s", "from: 50/s")));
    assertEquals(List.of(at + ".to: must be above from"), problems(PLAN.replace("to: 500/s", "to: 10/s")));
    assertEquals(List.of(at + ".rate: does not apply to the capacity model: its steps' rates and lengths come from from, to and step"),
        problems(PLAN.replace("to: 500/s}", "to: 500/s, rate: 5/s}")));
    assertEquals(List.of(at + ": from, to, step and precision are the capacity model's: set model: capacity"),
        problems(PLAN.replace("{model: capacity, from: 50/s, to: 500/s}", "{model: open, rate: 5/s, duration: 1s, from: 50/s}")));
    assertEquals(List.of(at + ".model: 'capacty' is not a load model (use closed, open or capacity)"),
        problems(PLAN.replace("{model: capacity, from: 50/s, to: 500/s}", "{model: capacty}")));
  }
}
