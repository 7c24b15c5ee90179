package io.cartographer.load;

import java.util.Properties;

/**
 * Sizes Netty's per-thread buffer cache for the engine's reads. Netty's adaptive reads grow to
 * 64 KiB on large bodies, but its threads cache buffers of only up to 32 KiB by default, so every
 * large read took its buffer from the shared pool, which kept creating and freeing 4 MiB chunks
 * (a quarter of the event loops' Java samples on 64 KiB bodies, BENCHMARKS.md). Netty reads the
 * setting once, when its allocator is first used: apply this before anything starts Netty.
 */
public final class ReadBufferCache {

  static final String PROPERTY = "io.netty.allocator.maxCachedBufferCapacity";
  static final int CAPACITY_BYTES = 64 * 1024;

  private ReadBufferCache() {}

  /** Sets the cache's capacity in {@code systemProperties} unless the user has set one. */
  public static void configure(Properties systemProperties) {
    systemProperties.putIfAbsent(PROPERTY, Integer.toString(CAPACITY_BYTES));
  }
}
