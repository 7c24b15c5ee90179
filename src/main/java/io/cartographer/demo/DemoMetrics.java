package io.cartographer.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus text of {@code /demo/metrics}: this process's real memory figures, so a probe
 * reading the demo's memory sees numbers that can move. A figure that cannot be read is left out
 * rather than written as 0.
 */
final class DemoMetrics {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern VM_RSS =
      Pattern.compile("^VmRSS:\\s*(\\d+)\\s*kB\\s*$", Pattern.MULTILINE);

  private final Path procStatus;
  private final int blocks;
  private final int statements;
  private final LongAdder requests = new LongAdder();
  private final DemoProcessCounters process;

  /**
   * @param procStatus {@code /proc/self/status}; a missing file omits the resident memory series
   */
  DemoMetrics(Path procStatus, int blocks, int statements) {
    this.procStatus = procStatus;
    this.blocks = blocks;
    this.statements = statements;
    this.process = new DemoProcessCounters(procStatus.resolveSibling("fd"));
  }

  /** Counts one request served by the demo; cheap under contention from several event loops. */
  void countRequest() {
    requests.increment();
  }

  /** One scrape; reads {@code /proc/self/status} once (a small in-memory file). */
  String scrape() {
    StringBuilder out = new StringBuilder(1024);
    OptionalLong rss = residentMemoryBytes();
    if (rss.isPresent()) {
      header(out, "process_resident_memory_bytes", "gauge", "Resident set size (VmRSS).");
      sample(out, "process_resident_memory_bytes", rss.getAsLong());
    }
    // By area and pool, as Micrometer writes it: {area="heap"} sums the heap's pools, and
    // {area="heap",id="Tenured Gen"} (or "G1 Old Gen") is the old generation alone, which grows
    // with what survives (a leak) and not with short-lived garbage.
    header(out, "jvm_memory_used_bytes", "gauge", "Used JVM memory by area and pool.");
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      java.lang.management.MemoryUsage usage = pool.getUsage();
      if (usage != null && pool.isValid()) {
        String area = pool.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "nonheap";
        sample(out, "jvm_memory_used_bytes{area=\"" + area + "\",id=\"" + escape(pool.getName()) + "\"}", usage.getUsed());
      }
    }
    process.cpuNanos().ifPresent(nanos -> {
      header(out, "process_cpu_seconds_total", "counter", "CPU time of this process (probe and demo).");
      out.append("process_cpu_seconds_total ").append(String.format(java.util.Locale.ROOT, "%.9f", nanos / 1e9)).append('\n');
    });
    process.allocatedBytes().ifPresent(bytes -> {
      header(out, "jvm_gc_memory_allocated_bytes_total", "counter", "Bytes allocated by this process's threads.");
      sample(out, "jvm_gc_memory_allocated_bytes_total", bytes);
    });
    java.util.Map<String, long[]> collections = DemoProcessCounters.collections();
    if (!collections.isEmpty()) {
      header(out, "jvm_gc_pause_seconds", "summary", "Collections and their time, by collector.");
      collections.forEach((gc, figures) -> {
        String labels = "{gc=\"" + escape(gc) + "\"}";
        sample(out, "jvm_gc_pause_seconds_count" + labels, figures[0]);
        out.append("jvm_gc_pause_seconds_sum").append(labels).append(' ')
            .append(String.format(java.util.Locale.ROOT, "%.3f", figures[1] / 1000.0)).append('\n');
      });
    }
    process.openDescriptors().ifPresent(fds -> {
      header(out, "process_open_fds", "gauge", "Open file descriptors.");
      sample(out, "process_open_fds", fds);
    });
    header(out, "demo_ledger_blocks", "gauge", "Blocks in the demo ledger.");
    sample(out, "demo_ledger_blocks", blocks);
    header(out, "demo_ledger_statements", "gauge", "Statements in the demo ledger.");
    sample(out, "demo_ledger_statements", statements);
    header(out, "demo_requests_total", "counter", "Requests served by the demo.");
    sample(out, "demo_requests_total", requests.sum());
    return out.toString();
  }

  private OptionalLong residentMemoryBytes() {
    String status;
    try {
      // ISO-8859-1 decodes any byte, so an odd process name cannot fail the read.
      status = Files.readString(procStatus, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    Matcher m = VM_RSS.matcher(status);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
  }

  /** A label value in the exposition format. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String series, long value) {
    out.append(series).append(' ').append(value).append('\n');
  }
}
