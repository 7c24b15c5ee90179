package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.Endpoint;
import io.cartographer.plan.InvalidPlanException;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.Variant;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

  private static Plan load() throws InvalidPlanException {
    return new PlanLoader()
        .parse(DemoPlan.yaml(), "demo", false, URI.create("http://127.0.0.1:1/demo"));
  }

  @Test
  void builtInPlanLoadsAsLedgerDemo() throws InvalidPlanException {
    Plan plan = load();

    assertEquals("ledger-demo", plan.name());
    assertEquals(URI.create("http://127.0.0.1:1/demo"), plan.baseUrl());
  }

  @Test
  void builtInPlanHasTwentyThreeVariantsInFiveFamilies() throws InvalidPlanException {
    Plan plan = load();

    assertEquals(23, plan.variants().size());
    assertEquals(
        Set.of("basic", "edge", "large", "stress", "soak"),
        plan.variants().stream().map(Variant::family).collect(Collectors.toSet()));
  }

  @Test
  void theSoakVariantReadsGrowthOverRoundsAndLimitsDescriptorGrowth() throws InvalidPlanException {
    Variant soak = load().variants().stream().filter(v -> v.family().equals("soak")).findFirst().orElseThrow();
    assertTrue(soak.load().rounds() >= 5, "a slope needs round-end readings");
    assertEquals(0.001, soak.thresholds().maxFdGrowth(), 1e-12);
    assertEquals(null, soak.thresholds().maxMemoryGrowth(), "in-process, the probe's own heap moves the demo's memory");
  }

  @Test
  void builtInPlanProbesTheSixLedgerEndpoints() throws InvalidPlanException {
    Plan plan = load();

    assertEquals(
        Set.of("metrics", "health", "blocks", "statements", "ui", "heartbeat"),
        plan.endpoints().stream().map(Endpoint::name).collect(Collectors.toSet()));
  }

  @Test
  void everyPathIsBelowTheDemoBaseUrl() throws InvalidPlanException {
    for (Variant variant : load().variants()) {
      assertTrue(
          variant.pathAndQuery().startsWith(DemoRoutes.BASE_PATH + "/"),
          variant.key() + " requests " + variant.pathAndQuery());
    }
  }
}
