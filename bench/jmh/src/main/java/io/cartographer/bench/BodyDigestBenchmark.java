package io.cartographer.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The body digest of the determinism check, per response body, old and new side by side: FNV-1a
 * 64 byte by byte (what {@code Exchange} did until 2026-12, over the first 64 KiB, through Netty's
 * {@code ByteBuf.forEachByte}, which adds a per-byte callback on top of this plain loop) and
 * CRC-32C plus CRC-32 ({@code BodyChecksum} today, over the whole body). Not on the path the peer
 * benchmark measures (its plans set {@code determinism.check: false}), but on by default in every
 * plan.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Thread)
public class BodyDigestBenchmark {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  @Param({"200", "65536"})
  int size;

  byte[] body;
  final CRC32C high = new CRC32C();
  final CRC32 low = new CRC32();

  @Setup
  public void setUp() {
    body = new byte[size];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < size; i++) {
      body[i] = (byte) (' ' + random.nextInt(95));
    }
  }

  @Benchmark
  public long fnv1aBody() {
    long digest = FNV_OFFSET;
    for (byte b : body) {
      digest = (digest ^ (b & 0xff)) * FNV_PRIME;
    }
    return (digest ^ body.length) * FNV_PRIME;
  }

  @Benchmark
  public long crc32cAndCrc32Body() {
    high.reset();
    low.reset();
    high.update(body, 0, body.length);
    low.update(body, 0, body.length);
    return (high.getValue() << 32) | low.getValue();
  }
}
