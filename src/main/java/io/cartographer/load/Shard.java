package io.cartographer.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The recording state of the lanes that share one event-loop context. Only that context's thread
 * writes it, so nothing here is synchronized; it is read once the phase has completed, after the
 * happens-before edge of the phase's completion counter.
 */
final class Shard {

  private static final ErrorKind[] KINDS = ErrorKind.values();

  final Histogram latency = LatencyDistribution.newHistogram();
  private final long[] errors = new long[KINDS.length];
  private final String[] errorSamples = new String[KINDS.length];
  private final long[] statuses = new long[600];
  private long succeeded;
  private long bytes;

  void success(long micros, long bodyBytes, int status) {
    latency.recordValue(Math.min(Math.max(micros, 0), LatencyDistribution.HIGHEST_MICROS));
    succeeded++;
    bytes += bodyBytes;
    countStatus(status);
  }

  void failure(ErrorKind kind, String sample, long bodyBytes, int status) {
    errors[kind.ordinal()]++;
    if (errorSamples[kind.ordinal()] == null) {
      errorSamples[kind.ordinal()] = sample;
    }
    bytes += bodyBytes;
    countStatus(status);
  }

  private void countStatus(int status) {
    if (status >= 100 && status < statuses.length) {
      statuses[status]++;
    }
  }

  /** Adds this shard's figures into the totals of a phase. */
  static Totals total(Iterable<Shard> shards) {
    Histogram latency = LatencyDistribution.newHistogram();
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    Map<ErrorKind, String> samples = new EnumMap<>(ErrorKind.class);
    Map<Integer, Long> statuses = new TreeMap<>();
    long succeeded = 0;
    long bytes = 0;
    for (ErrorKind kind : KINDS) {
      errors.put(kind, 0L);
    }
    for (Shard s : shards) {
      latency.add(s.latency);
      succeeded += s.succeeded;
      bytes += s.bytes;
      for (ErrorKind kind : KINDS) {
        errors.merge(kind, s.errors[kind.ordinal()], Long::sum);
        if (s.errorSamples[kind.ordinal()] != null) {
          samples.putIfAbsent(kind, s.errorSamples[kind.ordinal()]);
        }
      }
      for (int code = 100; code < s.statuses.length; code++) {
        if (s.statuses[code] > 0) {
          statuses.merge(code, s.statuses[code], Long::sum);
        }
      }
    }
    long failed = errors.values().stream().mapToLong(Long::longValue).sum();
    return new Totals(succeeded + failed, succeeded, errors, samples, statuses, bytes, latency);
  }

  /** A phase's figures summed over its shards. */
  record Totals(
      long requests,
      long succeeded,
      Map<ErrorKind, Long> errors,
      Map<ErrorKind, String> errorSamples,
      Map<Integer, Long> statusCounts,
      long bytes,
      Histogram latency) {}
}
