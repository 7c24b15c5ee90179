package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which commands start preparing the demo's content before the application starts. */
class DemoPreparationTest {

  @Test
  void aServiceOrARunPreparesTheDemoUnlessItIsSwitchedOff() {
    assertTrue(CartographerMain.mayServeTheDemo(CliParser.parse().command()));
    assertTrue(CartographerMain.mayServeTheDemo(CliParser.parse("serve").command()));
    assertTrue(CartographerMain.mayServeTheDemo(CliParser.parse("run", "--passport-dir", "p").command()));
    assertFalse(CartographerMain.mayServeTheDemo(CliParser.parse("compare", "a", "b").command()));
    assertFalse(CartographerMain.mayServeTheDemo(CliParser.parse("merge", "--run-id", "r").command()));
    String before = System.getProperty("cartographer.demo.enabled");
    System.setProperty("cartographer.demo.enabled", "false");
    try {
      assertFalse(CartographerMain.mayServeTheDemo(CliParser.parse("run").command()));
      assertFalse(CartographerMain.probesTheDemo(CliParser.parse("run").command()));
    } finally {
      if (before == null) {
        System.clearProperty("cartographer.demo.enabled");
      } else {
        System.setProperty("cartographer.demo.enabled", before);
      }
    }
  }

  @Test
  void aRunProbesTheDemoUnlessItHasAPlanFile() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CARTOGRAPHER_PLAN") == null
        && System.getenv("CARTOGRAPHER_DEMO_ENABLED") == null, "a plan or the demo's switch in the environment");
    // this JVM's other tests (Quarkus test profiles) may have left either property behind
    String plan = System.clearProperty("cartographer.plan");
    String demo = System.clearProperty("cartographer.demo.enabled");
    try {
      assertTrue(CartographerMain.probesTheDemo(CliParser.parse("run", "--passport-dir", "p").command()));
      assertFalse(CartographerMain.probesTheDemo(CliParser.parse("run", "--plan", "p.yaml").command()));
      assertFalse(CartographerMain.probesTheDemo(CliParser.parse("serve").command()));
      System.setProperty("cartographer.plan", "elsewhere.yaml");
      assertFalse(CartographerMain.probesTheDemo(CliParser.parse("run").command()), "a plan set as a property");
    } finally {
      restore("cartographer.plan", plan);
      restore("cartographer.demo.enabled", demo);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
