package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The demo's fault switches: off keeps nothing, a leak keeps what it says up to its cap. */
class DemoFaultsTest {

  @Test
  void offKeepsNothingAndALeakKeepsItsBytesPerRequest() {
    DemoFaults off = new DemoFaults(0, 0, 0);
    off.requestServed();
    assertEquals(0, off.keptBytes());
    DemoFaults leak = new DemoFaults(4096, 1024, 0);
    for (int i = 0; i < 10; i++) {
      leak.requestServed();
    }
    assertEquals(40_960, leak.keptBytes(), "the allocation switch keeps nothing; the leak 4 KiB a request");
    assertEquals(0, leak.keptDescriptors());
  }

  @Test
  void theDescriptorLeakKeepsOneOpenPerSoManyRequestsUpToItsCap() throws Exception {
    long before = openDescriptors();
    try (DemoFaults fds = new DemoFaults(0, 0, 10)) {
      for (int i = 0; i < 95; i++) {
        fds.requestServed();
      }
      assertEquals(9, fds.keptDescriptors());
      assertEquals(before + 9, openDescriptors(), "really open on /dev/null, in /proc/self/fd");
    }
    assertEquals(before, openDescriptors(), "closed again");
    try (DemoFaults capped = new DemoFaults(0, 0, 1)) {
      for (int i = 0; i < DemoFaults.FD_LEAK_CAP + 50; i++) {
        capped.requestServed();
      }
      assertEquals(DemoFaults.FD_LEAK_CAP, capped.keptDescriptors());
    }
  }

  /** Descriptors of this process open on /dev/null: what else runs in the test JVM leaves these be. */
  private static long openDescriptors() throws java.io.IOException {
    try (var list = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return list.filter(fd -> {
        try {
          return java.nio.file.Files.readSymbolicLink(fd).toString().equals("/dev/null");
        } catch (java.io.IOException | UnsupportedOperationException e) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    }
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(-1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(2 << 20, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(0, 32 << 20, 0));
    assertThrows(IllegalArgumentException.class, () -> new DemoFaults(0, 0, -1));
  }
}
