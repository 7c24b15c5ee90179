package io.cartographer.demo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The process counters a JVM service's Micrometer registry would expose, read from this process:
 * CPU time, bytes allocated, collections and their pause time, open descriptors. The demo runs in
 * the probe's own process, so these are the probe's and the demo's together; a target of its own
 * reports only its own.
 */
final class DemoProcessCounters {

  private final Path fdDir;
  private final com.sun.management.ThreadMXBean threads;
  private final com.sun.management.OperatingSystemMXBean os;
  /** Bytes allocated by threads seen alive at an earlier scrape, kept after they end. */
  private final Map<Long, Long> lastAllocated = new HashMap<>();
  private long allocatedByEndedThreads;

  DemoProcessCounters(Path fdDir) {
    this.fdDir = fdDir;
    this.threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() ? t : null;
    this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean o
        ? o : null;
  }

  /** Process CPU time in seconds, if the JVM reports it. */
  OptionalLong cpuNanos() {
    long nanos = os == null ? -1 : os.getProcessCpuTime();
    return nanos < 0 ? OptionalLong.empty() : OptionalLong.of(nanos);
  }

  /**
   * Bytes allocated by every thread so far: the live threads' counts plus the last count seen of
   * each that has ended since, so the total never goes down (what ended between two scrapes
   * allocated a little more than counted).
   */
  synchronized OptionalLong allocatedBytes() {
    if (threads == null) {
      return OptionalLong.empty();
    }
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> now = new HashMap<>();
    long live = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        now.put(ids[i], bytes[i]);
        live += bytes[i];
      }
    }
    for (Map.Entry<Long, Long> seen : lastAllocated.entrySet()) {
      if (!now.containsKey(seen.getKey())) {
        allocatedByEndedThreads += seen.getValue();
      }
    }
    lastAllocated.clear();
    lastAllocated.putAll(now);
    return OptionalLong.of(allocatedByEndedThreads + live);
  }

  /** Collections and their accumulated time in milliseconds, by collector name. */
  static Map<String, long[]> collections() {
    Map<String, long[]> out = new java.util.TreeMap<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getCollectionCount() >= 0) {
        out.put(gc.getName(), new long[] {gc.getCollectionCount(), Math.max(0, gc.getCollectionTime())});
      }
    }
    return out;
  }

  /** Open file descriptors, from {@code /proc/self/fd}. */
  OptionalLong openDescriptors() {
    long count = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
      for (Path ignored : fds) {
        count++;
      }
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
    // The directory stream's own descriptor is among those listed.
    return OptionalLong.of(Math.max(0, count - 1));
  }
}
