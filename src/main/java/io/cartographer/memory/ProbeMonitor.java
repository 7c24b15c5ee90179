package io.cartographer.memory;

import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Watches the probe itself while a variant runs: heap and RSS before and after, process CPU, and
 * event-loop lag (a timer on every event loop that should fire every {@value #TICK_MILLIS} ms;
 * how late it fires is how long requests waited for their loop).
 *
 * <p>When the probe uses {@value #CPU_BOUND_PERCENT} % or more of the machine's CPU, or its event
 * loops run more than {@value #LAG_BOUND_MILLIS} ms late at the 99th percentile, the variant is
 * marked saturated: its latencies then describe the probe's own queueing as much as the target.
 * A variant shorter than {@value #MIN_WINDOW_MILLIS} ms is not judged: a few ticks and a burst of
 * JIT compilation say nothing about steady load. Sampling never touches the request path; it
 * costs one timer per loop per tick.
 */
public final class ProbeMonitor {

  static final int TICK_MILLIS = 20;
  static final int CPU_BOUND_PERCENT = 90;
  static final double LAG_BOUND_MILLIS = 20;
  static final long MIN_WINDOW_MILLIS = 250;

  /**
   * The host's counters tick every 10 ms per CPU: below a second their difference says too little
   * (±0.02 cores per tick of rounding in a second, ±1 core in 20 ms), so a shorter variant is
   * judged over the last second or more of the run up to its end.
   */
  static final long MIN_HOST_WINDOW_MILLIS = 1000;

  private final VertxInternal vertx;
  private final ProbeMemory before;
  private final long startNanos;
  private final Long startCpuNanos;
  private final HostReading start;

  /** A reading of the host's and the probe's CPU counters at one moment. */
  private record HostReading(long nanos, HostCpu host, Long probeCpuNanos) {}

  /**
   * Recent readings of this process, newest last, so that a variant shorter than {@value
   * #MIN_HOST_WINDOW_MILLIS} ms is judged over the last second or more of the run up to its end.
   */
  private static final java.util.Deque<HostReading> RECENT = new java.util.concurrent.ConcurrentLinkedDeque<>();

  private static final int RECENT_READINGS = 64;
  private final Histogram lagMicros = new ConcurrentHistogram(1, 60_000_000L, 2);
  private volatile boolean stopped;

  private ProbeMonitor(VertxInternal vertx) {
    this.vertx = vertx;
    this.before = ProbeMemoryReader.read();
    HostCpu host = HostCpu.read();
    this.startCpuNanos = processCpuNanos();
    this.startNanos = System.nanoTime();
    this.start = remember(new HostReading(startNanos, host, startCpuNanos));
  }

  /** Starts watching; call from a thread that may block briefly (it reads /proc). */
  public static ProbeMonitor start(io.vertx.core.Vertx vertx, int eventLoops) {
    ProbeMonitor monitor = new ProbeMonitor((VertxInternal) vertx);
    for (int i = 0; i < eventLoops; i++) {
      Context context = monitor.vertx.createEventLoopContext();
      context.runOnContext(v -> monitor.tick(System.nanoTime()));
    }
    return monitor;
  }

  private void tick(long scheduledNanos) {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    long lateMicros = (now - scheduledNanos) / 1000;
    lagMicros.recordValue(Math.min(Math.max(lateMicros, 0), lagMicros.getHighestTrackableValue()));
    long due = now + TICK_MILLIS * 1_000_000L;
    vertx.setTimer(TICK_MILLIS, id -> tick(due));
  }

  /** Stops watching and sums up; call from a thread that may block briefly. */
  public ProbeResources stop() {
    stopped = true;
    double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
    ProbeMemory after = ProbeMemoryReader.read();
    Long endCpu = processCpuNanos();
    HostReading end = remember(new HostReading(System.nanoTime(), HostCpu.read(), endCpu));
    Double cpuSeconds = startCpuNanos == null || endCpu == null ? null : (endCpu - startCpuNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    Double utilization =
        cpuSeconds == null || wallSeconds <= 0 ? null : Math.min(1.0, cpuSeconds / (wallSeconds * cores));
    double lagMax = lagMicros.getTotalCount() == 0 ? 0 : lagMicros.getMaxValue() / 1000.0;
    double lagP99 = lagMicros.getTotalCount() == 0 ? 0 : lagMicros.getValueAtPercentile(99) / 1000.0;
    boolean judged = wallSeconds * 1000 >= MIN_WINDOW_MILLIS;
    boolean cpuBound = judged && utilization != null && utilization * 100 >= CPU_BOUND_PERCENT;
    boolean lagBound = judged && lagP99 > LAG_BOUND_MILLIS;
    String evidence =
        (judged
                ? ""
                : String.format(
                    Locale.ROOT,
                    "not judged: ran %.0f ms, under the %d ms the guard needs; ",
                    wallSeconds * 1000,
                    MIN_WINDOW_MILLIS))
            + String.format(
            Locale.ROOT,
            "probe CPU %s of %d cores (bound %d%%), event-loop lag p99 %.1f ms max %.1f ms (bound %.0f ms)",
            utilization == null ? "unknown" : String.format(Locale.ROOT, "%.0f%%", utilization * 100),
            cores,
            CPU_BOUND_PERCENT,
            lagP99,
            lagMax,
            LAG_BOUND_MILLIS);
    Double otherCores = null;
    Double stealCores = null;
    HostReading from = window(start, end);
    if (from != null) {
      double seconds = (end.nanos() - from.nanos()) / 1e9;
      double probeSeconds = (end.probeCpuNanos() - from.probeCpuNanos()) / 1e9;
      // The kernel's ticks are 10 ms coarse: clamp the rounding at 0.
      otherCores = Math.max(0, (end.host().busySeconds() - from.host().busySeconds() - probeSeconds) / seconds);
      stealCores = Math.max(0, (end.host().stealSeconds() - from.host().stealSeconds()) / seconds);
    }
    return new ProbeResources(
        before, after, cpuSeconds, utilization, lagP99, lagMax, lagMicros.getTotalCount(),
        cpuBound || lagBound, evidence, otherCores, stealCores);
  }

  private static HostReading remember(HostReading reading) {
    RECENT.addLast(reading);
    while (RECENT.size() > RECENT_READINGS) {
      RECENT.pollFirst();
    }
    return reading;
  }

  /**
   * Where the host window of a variant starts: its own start when it ran long enough, otherwise the
   * newest earlier reading at least {@value #MIN_HOST_WINDOW_MILLIS} ms before its end; {@code null}
   * when there is none or a counter is unknown.
   */
  private static HostReading window(HostReading start, HostReading end) {
    if (end.host() == null || end.probeCpuNanos() == null) {
      return null;
    }
    long earliest = end.nanos() - MIN_HOST_WINDOW_MILLIS * 1_000_000L;
    HostReading chosen = start.nanos() <= earliest ? start : null;
    if (chosen == null) {
      for (java.util.Iterator<HostReading> it = RECENT.descendingIterator(); it.hasNext(); ) {
        HostReading r = it.next();
        if (r.nanos() <= earliest) {
          chosen = r;
          break;
        }
      }
    }
    return chosen == null || chosen.host() == null || chosen.probeCpuNanos() == null ? null : chosen;
  }

  private static Long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long cpu = os.getProcessCpuTime();
      return cpu < 0 ? null : cpu;
    }
    return null;
  }
}
