package io.cartographer.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Two threads (one per core of the benchmark machine) recording into one shared histogram, as
 * event loops would if they shared one instead of owning one each (what Cartographer does now).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class ContendedRecordingBenchmark {

  Recorder recorder;
  ConcurrentHistogram concurrentHistogram;
  long[] values;

  @Setup
  public void setUp() {
    recorder = new Recorder(1, RecordingBenchmark.HIGHEST_MICROS, 3);
    concurrentHistogram = new ConcurrentHistogram(1, RecordingBenchmark.HIGHEST_MICROS, 3);
    values = RecordingBenchmark.latencies(4096, 7);
  }

  /** Each thread's own position in the value table. */
  @State(Scope.Thread)
  public static class Cursor {
    int index;
  }

  @Benchmark
  public void sharedRecorderRecordValue(Cursor c) {
    recorder.recordValue(values[c.index++ & 4095]);
  }

  @Benchmark
  public void sharedConcurrentHistogramRecordValue(Cursor c) {
    concurrentHistogram.recordValue(values[c.index++ & 4095]);
  }
}
