package io.cartographer.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of recording one value, single-threaded, in each HdrHistogram flavour Cartographer
 * could use, with the histogram shape Cartographer uses for latencies ({@code Distribution}: 1 µs
 * to 1 h, 3 significant digits), and of the clock reads around a request. Values are realistic
 * latencies in microseconds (log-normal around 1 ms), cycled from a precomputed table so that the
 * random generator is not measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@State(Scope.Thread)
public class RecordingBenchmark {

  /** As {@code Distribution.HIGHEST_MICROS}. */
  static final long HIGHEST_MICROS = 3_600_000_000L;

  /** As {@code Distribution.HIGHEST_BYTES}. */
  static final long HIGHEST_BYTES = 1L << 32;

  private static final int MASK = 4095;

  long[] values;
  int index;

  Histogram histogram;
  Recorder recorder;
  SingleWriterRecorder singleWriterRecorder;
  ConcurrentHistogram concurrentHistogram;

  // As one Shard of the closed model: latency, ttfb and response sizes.
  Histogram latency;
  Histogram ttfb;
  Histogram sizes;

  @Setup
  public void setUp() {
    values = latencies(MASK + 1, 42);
    histogram = new Histogram(1, HIGHEST_MICROS, 3);
    recorder = new Recorder(1, HIGHEST_MICROS, 3);
    singleWriterRecorder = new SingleWriterRecorder(1, HIGHEST_MICROS, 3);
    concurrentHistogram = new ConcurrentHistogram(1, HIGHEST_MICROS, 3);
    latency = new Histogram(1, HIGHEST_MICROS, 3);
    ttfb = new Histogram(1, HIGHEST_MICROS, 3);
    sizes = new Histogram(1, HIGHEST_BYTES, 2);
  }

  static long[] latencies(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      // log-normal: median ~1000 us, most between ~150 us and ~7 ms
      double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      out[i] = Math.max(1, Math.round(Math.exp(Math.log(1000) + 0.8 * gaussian)));
    }
    return out;
  }

  private long next() {
    return values[index++ & MASK];
  }

  @Benchmark
  public void histogramRecordValue() {
    histogram.recordValue(next());
  }

  @Benchmark
  public void recorderRecordValue() {
    recorder.recordValue(next());
  }

  @Benchmark
  public void singleWriterRecorderRecordValue() {
    singleWriterRecorder.recordValue(next());
  }

  @Benchmark
  public void concurrentHistogramRecordValue() {
    concurrentHistogram.recordValue(next());
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * What one successful closed-model request costs to record in Cartographer today: five clock
   * reads (deadline check, intended time, send, headers, end: {@code ClosedLoop.Lane.next},
   * {@code Exchange.start}, {@code Exchange.onResponse}, {@code Lane.completed}) and three clamped
   * {@code Histogram.recordValue} calls ({@code Shard.record}: latency, ttfb, size).
   */
  @Benchmark
  public long perResponseRecording() {
    long deadlineCheck = System.nanoTime();
    long intended = System.nanoTime();
    long sent = System.nanoTime();
    long headers = System.nanoTime();
    long end = System.nanoTime() + next() * 1000;
    record(latency, (end - intended) / 1000);
    record(ttfb, (headers - sent) / 1000);
    record(sizes, 200);
    return deadlineCheck;
  }

  private static void record(Histogram h, long value) {
    h.recordValue(Math.min(Math.max(value, 0), h.getHighestTrackableValue()));
  }
}
