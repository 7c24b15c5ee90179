package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which commands start preparing the demo's content before the application starts. */
class DemoPreparationTest {

  @Test
  void aServiceOrARunPreparesTheDemoUnlessItIsSwitchedOff() {
    assertTrue(CartographerMain.mayServeTheDemo());
    assertTrue(CartographerMain.mayServeTheDemo("serve"));
    assertTrue(CartographerMain.mayServeTheDemo("run", "--passport-dir", "p"));
    assertFalse(CartographerMain.mayServeTheDemo("compare", "a", "b"));
    assertFalse(CartographerMain.mayServeTheDemo("merge", "--run-id", "r"));
    String before = System.getProperty("cartographer.demo.enabled");
    System.setProperty("cartographer.demo.enabled", "false");
    try {
      assertFalse(CartographerMain.mayServeTheDemo("run"));
    } finally {
      if (before == null) {
        System.clearProperty("cartographer.demo.enabled");
      } else {
        System.setProperty("cartographer.demo.enabled", before);
      }
    }
  }
}
