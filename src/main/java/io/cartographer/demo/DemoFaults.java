package io.cartographer.demo;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the demo can be switched into, to show that a probe catches them: a leak that keeps
 * {@code leakPerRequest} bytes of every request it serves, up to {@link #LEAK_CAP} so that the
 * process lives on; and a heavy allocation of {@code allocPerRequest} bytes per request, dropped
 * at once (garbage: more work for the collector, no leak). Off by default.
 */
final class DemoFaults {

  /** The most a leak keeps, so a long run slows the leak down rather than ending the process. */
  static final long LEAK_CAP = 256L << 20;

  private final int leakPerRequest;
  private final int allocPerRequest;
  /** Where each heavy allocation goes, so that the JIT cannot prove it unused and drop it. */
  private volatile byte[] lastAllocated;
  private final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();
  private final AtomicLong keptBytes = new AtomicLong();

  /**
   * @param leakPerRequest bytes kept per request served; 0 keeps nothing
   * @param allocPerRequest bytes allocated and dropped per request served; 0 allocates nothing
   */
  DemoFaults(long leakPerRequest, long allocPerRequest) {
    if (leakPerRequest < 0 || leakPerRequest > (1 << 20)) {
      throw new IllegalArgumentException("cartographer.demo.faults.leak-per-request must be from 0B to 1MiB");
    }
    if (allocPerRequest < 0 || allocPerRequest > (16 << 20)) {
      throw new IllegalArgumentException("cartographer.demo.faults.alloc-per-request must be from 0B to 16MiB");
    }
    this.leakPerRequest = (int) leakPerRequest;
    this.allocPerRequest = (int) allocPerRequest;
  }

  void requestServed() {
    if (allocPerRequest > 0) {
      lastAllocated = new byte[allocPerRequest];
    }
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
