package io.cartographer.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The body digest of the determinism check ({@code Exchange}: FNV-1a 64, byte by byte, over the
 * first 64 KiB, then the length), per response body. Not on the path the peer benchmark measures
 * (its plans set {@code determinism.check: false}), but on by default in every plan. This is the
 * plain loop; Cartographer calls it through Netty's {@code ByteBuf.forEachByte(ByteProcessor)},
 * which adds a bounds-checked, virtual per-byte callback on top.
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
}
