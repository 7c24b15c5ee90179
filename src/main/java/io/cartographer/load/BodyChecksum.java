package io.cartographer.load;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The determinism digest of one body, fed as it streams in: CRC-32C in the high 32 bits, CRC-32 in
 * the low 32, over every byte. Both are JVM intrinsics (SSE4.2 {@code crc32}, carry-less multiply)
 * whichever compiler tier runs the caller: about 4 µs for 64 KiB where FNV-1a byte by byte took 70
 * to 90 µs and capped what a probe could check per second (BENCHMARKS.md). Two polynomials make a
 * 64-bit value, so unrelated bodies collide about once in 2^64 pairs; a CRC is not a defence
 * against a target crafting collisions, which a determinism check does not need.
 */
final class BodyChecksum {

  static final String METHOD = "crc32c (high 32 bits) and crc32 (low 32 bits) of the whole body";

  private final CRC32C high = new CRC32C();
  private final CRC32 low = new CRC32();

  /** {@code length} bytes at {@code index} of {@code buffer}; neither its indices nor its bytes change. */
  void update(ByteBuf buffer, int index, int length) {
    if (buffer.nioBufferCount() == 1) {
      // the buffer's own NIO view: no wrapper allocated for Netty's pooled and unpooled buffers
      ByteBuffer view = buffer.internalNioBuffer(index, length);
      update(view);
    } else {
      for (ByteBuffer view : buffer.nioBuffers(index, length)) {
        update(view);
      }
    }
  }

  void update(byte[] bytes) {
    high.update(bytes, 0, bytes.length);
    low.update(bytes, 0, bytes.length);
  }

  private void update(ByteBuffer view) {
    int position = view.position();
    high.update(view);
    view.position(position);
    low.update(view);
  }

  void reset() {
    high.reset();
    low.reset();
  }

  long value() {
    return (high.getValue() << 32) | low.getValue();
  }
}
