package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMetricsTest {

  @TempDir Path dir;

  private static DemoMetrics metricsReading(Path procStatus) {
    return new DemoMetrics(procStatus, 100, 10_000);
  }

  @Test
  void residentMemoryIsVmRssInBytes() throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(
        status, "Name:\tjava\nVmPeak:\t  9999 kB\nVmRSS:\t    2048 kB\nThreads:\t12\n");

    String text = metricsReading(status).scrape();

    assertTrue(text.contains("\nprocess_resident_memory_bytes 2097152\n"), text);
    assertTrue(text.contains("# TYPE process_resident_memory_bytes gauge\n"), text);
  }

  @Test
  void residentMemoryIsOmittedWhenProcIsAbsent() {
    String text = metricsReading(dir.resolve("no-such-status")).scrape();

    assertFalse(text.contains("process_resident_memory_bytes"), text);
    assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\",id=\""), text);
  }

  @Test
  void theProcessCountersAJvmServiceExposesAreThereAndParse() throws Exception {
    String text = metricsReading(java.nio.file.Path.of("/proc/self/status")).scrape();
    io.cartographer.memory.MetricsText parsed = io.cartographer.memory.MetricsText.parse(text, false);
    for (String series : new String[] {"process_cpu_seconds_total", "jvm_gc_memory_allocated_bytes_total",
        "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "process_open_fds"}) {
      assertTrue(parsed.samples().stream().anyMatch(s -> s.name().equals(series)), series + " in\n" + text);
    }
    double heap = io.cartographer.memory.SeriesSelector.parse("jvm_memory_used_bytes{area=\"heap\"}").sum(parsed);
    assertTrue(heap > 0, "the heap's pools sum to the heap: " + heap);
  }

  @Test
  void everySeriesHasHelpAndType() {
    String text = metricsReading(dir.resolve("no-such-status")).scrape();

    for (String name :
        new String[] {
          "jvm_memory_used_bytes",
          "demo_ledger_blocks",
          "demo_ledger_statements",
          "demo_requests_total"
        }) {
      assertTrue(text.contains("# HELP " + name + " "), name);
      assertTrue(text.contains("# TYPE " + name + " "), name);
    }
    assertTrue(text.contains("\ndemo_ledger_blocks 100\n"), text);
    assertTrue(text.contains("\ndemo_ledger_statements 10000\n"), text);
  }

  @Test
  void requestsAreCounted() {
    DemoMetrics metrics = metricsReading(dir.resolve("no-such-status"));
    metrics.countRequest();
    metrics.countRequest();

    assertTrue(metrics.scrape().contains("\ndemo_requests_total 2\n"));
  }
}
