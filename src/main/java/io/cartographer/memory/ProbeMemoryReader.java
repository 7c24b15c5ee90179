package io.cartographer.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the probe's own memory: heap from the JVM, RSS from the kernel where Linux exposes it. */
public final class ProbeMemoryReader {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB\\s*$");

  private ProbeMemoryReader() {}

  /** Reads both figures now; this does file I/O, so never call it on an event loop. */
  public static ProbeMemory read() {
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    try {
      return parseStatus(heap, Files.readString(STATUS));
    } catch (IOException | RuntimeException e) {
      return new ProbeMemory(heap, null, "cannot read " + STATUS + ": " + e.getMessage());
    }
  }

  static ProbeMemory parseStatus(long heap, String status) {
    Matcher m = VM_RSS.matcher(status);
    if (!m.find()) {
      return new ProbeMemory(heap, null, "no VmRSS line in " + STATUS);
    }
    return new ProbeMemory(heap, Long.parseLong(m.group(1)) * 1024, null);
  }
}
