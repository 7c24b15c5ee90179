package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class BodyChecksumTest {

  private static final byte[] BODY = random(200_000, 7);

  @Test
  void isCrc32cThenCrc32OfTheWholeBody() {
    CRC32C high = new CRC32C();
    high.update(BODY);
    CRC32 low = new CRC32();
    low.update(BODY);
    BodyChecksum checksum = new BodyChecksum();
    checksum.update(BODY);
    assertEquals((high.getValue() << 32) | low.getValue(), checksum.value());
    assertEquals(0L, new BodyChecksum().value(), "no bytes: both CRCs of nothing are 0");
  }

  @Test
  void isTheSameHoweverTheBodyIsSplitAndWhateverBuffersCarryIt() {
    BodyChecksum whole = new BodyChecksum();
    whole.update(BODY);
    for (int split : new int[] {1, 17, 1460, 16_384, 65_536, 131_072}) {
      assertEquals(whole.value(), streamed(split, Unpooled::directBuffer), "direct, pieces of " + split);
      assertEquals(whole.value(), streamed(split, Unpooled::buffer), "heap, pieces of " + split);
      assertEquals(
          whole.value(), streamed(split, PooledByteBufAllocator.DEFAULT::directBuffer), "pooled, pieces of " + split);
      assertEquals(whole.value(), streamedThroughComposites(split), "composite, pieces of " + split);
    }
  }

  @Test
  void readsAtTheGivenIndexWithoutMovingTheBuffer() {
    ByteBuf buffer = Unpooled.directBuffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(BODY, 0, 1000);
    buffer.readerIndex(1);
    BodyChecksum checksum = new BodyChecksum();
    checksum.update(buffer, 3, 1000);
    BodyChecksum expected = new BodyChecksum();
    expected.update(java.util.Arrays.copyOf(BODY, 1000));
    assertEquals(expected.value(), checksum.value());
    assertEquals(1, buffer.readerIndex());
    assertEquals(1003, buffer.writerIndex());
    buffer.release();
  }

  @Test
  void tellsApartBodiesThatDifferOnlyFarIntoTheBodyOrOnlyInLength() {
    byte[] changed = BODY.clone();
    changed[150_000] ^= 1;
    assertNotEquals(value(BODY), value(changed), "one bit flipped past the first 64 KiB");
    assertNotEquals(value(new byte[100]), value(new byte[101]), "zeros of another length");
  }

  private static long streamed(int piece, java.util.function.IntFunction<ByteBuf> allocate) {
    BodyChecksum checksum = new BodyChecksum();
    for (int offset = 0; offset < BODY.length; offset += piece) {
      int length = Math.min(piece, BODY.length - offset);
      ByteBuf buffer = allocate.apply(length + 5).writeZero(5).writeBytes(BODY, offset, length);
      checksum.update(buffer, 5, length);
      buffer.release();
    }
    return checksum.value();
  }

  private static long streamedThroughComposites(int piece) {
    BodyChecksum checksum = new BodyChecksum();
    for (int offset = 0; offset < BODY.length; offset += piece) {
      int length = Math.min(piece, BODY.length - offset);
      int first = length / 2;
      CompositeByteBuf buffer = Unpooled.compositeBuffer();
      buffer.addComponent(true, Unpooled.wrappedBuffer(BODY, offset, first));
      buffer.addComponent(true, Unpooled.directBuffer().writeBytes(BODY, offset + first, length - first));
      checksum.update(buffer, 0, length);
      buffer.release();
    }
    return checksum.value();
  }

  private static long value(byte[] body) {
    BodyChecksum checksum = new BodyChecksum();
    checksum.update(body);
    return checksum.value();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
