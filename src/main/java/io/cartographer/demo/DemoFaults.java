package io.cartographer.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the demo can be switched into, to show that a probe catches them: a leak that keeps
 * {@code leakPerRequest} bytes of every request it serves, up to {@link #LEAK_CAP} so that the
 * process lives on; a heavy allocation of {@code allocPerRequest} bytes per request, dropped at
 * once (garbage: more work for the collector, no leak); and a descriptor leak that opens {@code
 * /dev/null} every {@code fdLeakEvery} requests and never closes it, up to {@link #FD_LEAK_CAP}.
 * Off by default.
 */
final class DemoFaults implements AutoCloseable {

  /** The most a leak keeps, so a long run slows the leak down rather than ending the process. */
  static final long LEAK_CAP = 256L << 20;
  /** The most descriptors the descriptor leak holds, well below a process's usual limit of 1,024. */
  static final int FD_LEAK_CAP = 500;
  private static final Path NULL_DEVICE = Path.of("/dev/null");

  private final int leakPerRequest;
  private final int allocPerRequest;
  /** Where each heavy allocation goes, so that the JIT cannot prove it unused and drop it. */
  private volatile byte[] lastAllocated;
  private final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();
  private final AtomicLong keptBytes = new AtomicLong();
  private final int fdLeakEvery;
  private final AtomicLong served = new AtomicLong();
  private final ConcurrentLinkedQueue<FileChannel> keptDescriptors = new ConcurrentLinkedQueue<>();

  /**
   * @param leakPerRequest bytes kept per request served; 0 keeps nothing
   * @param allocPerRequest bytes allocated and dropped per request served; 0 allocates nothing
   * @param fdLeakEvery one descriptor kept open per this many requests served; 0 keeps none
   */
  DemoFaults(long leakPerRequest, long allocPerRequest, int fdLeakEvery) {
    if (leakPerRequest < 0 || leakPerRequest > (1 << 20)) {
      throw new IllegalArgumentException("cartographer.demo.faults.leak-per-request must be from 0B to 1MiB");
    }
    if (allocPerRequest < 0 || allocPerRequest > (16 << 20)) {
      throw new IllegalArgumentException("cartographer.demo.faults.alloc-per-request must be from 0B to 16MiB");
    }
    if (fdLeakEvery < 0) {
      throw new IllegalArgumentException("cartographer.demo.faults.fd-leak-every must be 0 (off) or more");
    }
    this.leakPerRequest = (int) leakPerRequest;
    this.allocPerRequest = (int) allocPerRequest;
    this.fdLeakEvery = fdLeakEvery;
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
    if (fdLeakEvery > 0 && served.incrementAndGet() % fdLeakEvery == 0 && keptDescriptors.size() < FD_LEAK_CAP) {
      try {
        // Opening the null device does not wait on a disk: the event loop may do it.
        keptDescriptors.add(FileChannel.open(NULL_DEVICE));
      } catch (IOException e) {
        throw new UncheckedIOException("the descriptor leak could not open " + NULL_DEVICE, e);
      }
    }
  }

  long keptBytes() {
    return keptBytes.get();
  }

  int keptDescriptors() {
    return keptDescriptors.size();
  }

  /** Closes the descriptors the descriptor leak kept. */
  @Override
  public void close() {
    for (FileChannel channel; (channel = keptDescriptors.poll()) != null; ) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing /dev/null does not fail; if it did, there is nothing left to do with it.
      }
    }
  }
}
