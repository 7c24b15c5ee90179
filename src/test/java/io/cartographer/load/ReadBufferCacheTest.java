package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The engine's reads fit Netty's per-thread buffer cache, unless the user sized it. */
class ReadBufferCacheTest {

  @Test
  void theCacheKeepsBuffersAsLargeAsNettysLargestRead() {
    Properties system = new Properties();

    ReadBufferCache.configure(system);

    assertEquals(Integer.toString(largestAdaptiveRead()),
        system.getProperty("io.netty.allocator.maxCachedBufferCapacity"));
  }

  @Test
  void aCapacityTheUserSetIsKept() {
    Properties system = new Properties();
    system.setProperty("io.netty.allocator.maxCachedBufferCapacity", "16384");

    ReadBufferCache.configure(system);

    assertEquals("16384", system.getProperty("io.netty.allocator.maxCachedBufferCapacity"));
  }

  /** The buffer Netty's default reads grow to when every read fills its buffer (a large body). */
  private static int largestAdaptiveRead() {
    EmbeddedChannel channel = new EmbeddedChannel();
    try {
      RecvByteBufAllocator.Handle handle = new AdaptiveRecvByteBufAllocator().newHandle();
      int largest = 0;
      for (int event = 0; event < 100; event++) {
        handle.reset(channel.config());
        int guess = handle.guess();
        largest = Math.max(largest, guess);
        handle.attemptedBytesRead(guess);
        handle.lastBytesRead(guess);
        handle.incMessagesRead(1);
        handle.readComplete();
      }
      return largest;
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
