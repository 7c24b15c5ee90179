package io.cartographer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Compared values in human units, never an exponent. */
class FiguresTest {

  @Test
  void eachMetricInItsUnit() {
    assertEquals("5.301 ms", Figures.of("p99_ms", 5.3012));
    assertEquals("11.8 MiB", Figures.of("memory_peak_bytes", 12_350_000.0));
    assertEquals("-2.0 KiB", Figures.of("memory_delta_bytes", -2048.0));
    assertEquals("512 B", Figures.of("alloc_bytes_per_request", 512.0));
    assertEquals("0.026 ms", Figures.of("cpu_ms_per_request", 0.0261));
    assertEquals("57,782.3/s", Figures.of("throughput_rps", 57_782.265));
    assertEquals("0.50%", Figures.of("error_rate", 0.005));
    assertEquals("n/a", Figures.of("p50_ms", null));
  }
}
