package io.cartographer.demo;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the demo can be switched into, to show that a probe catches them: a leak that keeps
 * {@code leakPerRequest} bytes of every request it serves, up to {@link #LEAK_CAP} so that the
 * process lives on. Off by default.
 */
final class DemoFaults {

  /** The most a leak keeps, so a long run slows the leak down rather than ending the process. */
  static final long LEAK_CAP = 256L << 20;

  private final int leakPerRequest;
  private final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();
  private final AtomicLong keptBytes = new AtomicLong();

  /** @param leakPerRequest bytes kept per request served; 0 keeps nothing */
  DemoFaults(long leakPerRequest) {
    if (leakPerRequest < 0 || leakPerRequest > (1 << 20)) {
      throw new IllegalArgumentException("cartographer.demo.faults.leak-per-request must be from 0B to 1MiB");
    }
    this.leakPerRequest = (int) leakPerRequest;
  }

  void requestServed() {
    if (leakPerRequest > 0 && keptBytes.get() < LEAK_CAP) {
      byte[] leaked = new byte[leakPerRequest];
      // Written, not only allocated, so the pages are the process's for certain.
      for (int i = 0; i < leaked.length; i += 512) {
        leaked[i] = 1;
      }
      kept.add(leaked);
      keptBytes.addAndGet(leakPerRequest);
    }
  }

  long keptBytes() {
    return keptBytes.get();
  }
}
