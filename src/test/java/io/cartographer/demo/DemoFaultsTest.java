package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The demo's fault switches: off keeps nothing, a leak keeps what it says up to its cap. */
class DemoFaultsTest {

  @Test
  void offKeepsNothingAndALeakKeepsItsBytesPerRequest() {
    DemoFaults off = new DemoFaults(0, 0);
    off.requestServed();
    assertEquals(0, off.keptBytes());
    DemoFaults leak = new DemoFaults(4096, 1024);
    for (int i = 0; i < 10; i++) {
      leak.requestServed();
    }
    assertEquals(40_960, leak.keptBytes(), "the allocation switch keeps nothing; the leak 4 KiB a request");
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(2 << 20, 0));
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(0, 32 << 20));
  }
}
