package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostCpuTest {

  @Test
  void busyAndStealComeFromTheAggregateLine() {
    HostCpu cpu = HostCpu.parse("cpu  100 20 30 5000 40 5 5 7 0 0\ncpu0 50 10 15 2500 20 2 3 3 0 0\n");
    assertEquals((100 + 20 + 30 + 5 + 5) / 100.0, cpu.busySeconds(), 1e-9);
    assertEquals(0.07, cpu.stealSeconds(), 1e-9);
  }

  @Test
  void oldKernelsWithoutStealReadAsNone() {
    assertEquals(0, HostCpu.parse("cpu  1 2 3 4 5 6 7\n").stealSeconds());
  }

  @Test
  void unreadableTextIsNoReadingNotACrash() {
    assertNull(HostCpu.parse(""));
    assertNull(HostCpu.parse("intr 1 2 3\n"));
    assertNull(HostCpu.parse("cpu  1 2\n"));
    assertNull(HostCpu.parse("cpu  a b c d e f g h\n"));
    assertNull(HostCpu.parse("cpu  99999999999999999999999 1 1 1 1 1 1 1\n"));
  }

  @Test
  void thisHostIsReadable() {
    assertNotNull(HostCpu.read(), "Linux exposes /proc/stat");
  }
}
