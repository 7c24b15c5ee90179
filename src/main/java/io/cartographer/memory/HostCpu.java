package io.cartographer.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU counters from {@code /proc/stat}: time the CPUs were busy and time the hypervisor
 * stole. Two readings around a variant, minus the probe's own CPU, say how much of the machine
 * other processes used while it ran: evidence of the environment a comparison needs (a run beside
 * a busy neighbour is not the run it is compared with). Linux only; elsewhere {@link #read()}
 * returns {@code null}.
 *
 * @param busySeconds user, nice, system, irq and softirq time of all CPUs (guest time is in user)
 * @param stealSeconds time the CPUs were ready to run but the hypervisor ran something else
 */
public record HostCpu(double busySeconds, double stealSeconds) {

  private static final Path STAT = Path.of("/proc/stat");

  /** The kernel reports {@code /proc/stat} in USER_HZ ticks, which is 100 on every Linux ABI. */
  private static final double TICKS_PER_SECOND = 100;

  /** Reads the counters now, or {@code null} where they cannot be read. Blocking file I/O. */
  public static HostCpu read() {
    try {
      return parse(Files.readString(STAT));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The aggregate {@code cpu} line of {@code /proc/stat} text, or {@code null} without a readable one. */
  static HostCpu parse(String stat) {
    try {
      return aggregate(stat);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static HostCpu aggregate(String stat) {
    for (String line : stat.split("\n", 64)) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8) {
          return null;
        }
        double busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) {
          busy += Long.parseLong(f[i]);
        }
        double steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new HostCpu(busy / TICKS_PER_SECOND, steal / TICKS_PER_SECOND);
      }
    }
    return null;
  }
}
