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
   * The host's counters tick every 10 ms per CPU: below a second of variant their difference says
   * too little (±0.02 cores per tick of rounding in a second, ±1 core in 20 ms).
   */
  static final long MIN_HOST_WINDOW_MILLIS = 1000;

  private final VertxInternal vertx;
  private final ProbeMemory before;
  private final long startNanos;
  private final Long startCpuNanos;
  private final HostCpu startHost;
  private final Histogram lagMicros = new ConcurrentHistogram(1, 60_000_000L, 2);
  private volatile boolean stopped;

  private ProbeMonitor(VertxInternal vertx) {
    this.vertx = vertx;
    this.before = ProbeMemoryReader.read();
    this.startHost = HostCpu.read();
    this.startCpuNanos = processCpuNanos();
    this.startNanos = System.nanoTime();
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
    HostCpu endHost = HostCpu.read();
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
    if (startHost != null && endHost != null && cpuSeconds != null && wallSeconds * 1000 >= MIN_HOST_WINDOW_MILLIS) {
      // The kernel's ticks are 10 ms coarse: a short variant's figure rounds, so clamp at 0.
      otherCores = Math.max(0, (endHost.busySeconds() - startHost.busySeconds() - cpuSeconds) / wallSeconds);
      stealCores = Math.max(0, (endHost.stealSeconds() - startHost.stealSeconds()) / wallSeconds);
    }
    return new ProbeResources(
        before, after, cpuSeconds, utilization, lagMax, lagP99, lagMicros.getTotalCount(),
        cpuBound || lagBound, evidence, otherCores, stealCores);
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
