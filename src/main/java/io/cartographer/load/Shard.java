package io.cartographer.load;

import io.vertx.core.http.HttpVersion;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The recording state of everything that runs on one event-loop context. Only that context's
 * thread writes it, so nothing here is synchronized; it is read once the phase has completed,
 * after the happens-before edge of the phase's completion counter. Recording a response costs a
 * few array increments: no allocation unless a body digest differs from the previous one, or a
 * value is the largest yet and widens its histogram (a few times in a shard's life, not per
 * request).
 */
final class Shard {

  /** Distinct digests remembered per shard; more than this only says "more than". */
  static final int MAX_DIGESTS = 64;

  private static final ErrorKind[] KINDS = ErrorKind.values();
  private static final HttpVersion[] VERSIONS = HttpVersion.values();

  final Histogram latency = Distribution.latencyHistogram();
  final Histogram serviceTime;
  final Histogram ttfb = Distribution.latencyHistogram();
  final Histogram sizes = Distribution.sizeHistogram();
  private final long[] errors = new long[KINDS.length];
  private final String[] errorSamples = new String[KINDS.length];
  private final long[] statuses = new long[600];
  private final long[] versions = new long[VERSIONS.length];
  private final Set<Long> digests = new HashSet<>();
  private long lastDigest;
  private boolean digestsOverflowed;
  private long succeeded;
  private long bytes;
  long late;
  long dropped;

  /** Also records each latency for the per-second timeline; {@code null} in a warm-up. */
  private final SingleWriterRecorder interval;

  /**
   * @param separateServiceTime whether send time and intended time can differ (open model)
   * @param interval the timeline's recorder of this shard's context, or {@code null}
   */
  Shard(boolean separateServiceTime, SingleWriterRecorder interval) {
    this.serviceTime = separateServiceTime ? Distribution.latencyHistogram() : null;
    this.interval = interval;
  }

  void record(Exchange e, ErrorKind error, String detail, long endNanos) {
    bytes += e.bodyBytes;
    if (e.status >= 100 && e.status < statuses.length) {
      statuses[e.status]++;
    }
    if (e.version != null) {
      versions[e.version.ordinal()]++;
    }
    if (error != null) {
      errors[error.ordinal()]++;
      if (errorSamples[error.ordinal()] == null) {
        errorSamples[error.ordinal()] = detail;
      }
      return;
    }
    succeeded++;
    long micros = (endNanos - e.intendedNanos) / 1000;
    Distribution.recordMicros(latency, micros);
    if (interval != null) {
      interval.recordValue(Distribution.clampMicros(micros));
    }
    if (serviceTime != null) {
      Distribution.recordMicros(serviceTime, (endNanos - e.sentNanos) / 1000);
    }
    Distribution.recordMicros(ttfb, (e.headersNanos - e.sentNanos) / 1000);
    Distribution.recordBytes(sizes, e.bodyBytes);
    if (succeeded == 1 || e.digest != lastDigest) {
      lastDigest = e.digest;
      if (digests.size() < MAX_DIGESTS) {
        digests.add(e.digest);
      } else if (!digests.contains(e.digest)) {
        digestsOverflowed = true;
      }
    }
  }

  /** Sums the figures of a phase's shards. */
  static Totals total(Iterable<Shard> shards) {
    Histogram latency = Distribution.latencyHistogram();
    Histogram service = null;
    Histogram ttfb = Distribution.latencyHistogram();
    Histogram sizes = Distribution.sizeHistogram();
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    Map<ErrorKind, String> samples = new EnumMap<>(ErrorKind.class);
    Map<Integer, Long> statuses = new TreeMap<>();
    Map<String, Long> versions = new TreeMap<>();
    Set<Long> digests = new HashSet<>();
    boolean overflowed = false;
    long succeeded = 0;
    long bytes = 0;
    long late = 0;
    long dropped = 0;
    for (ErrorKind kind : KINDS) {
      errors.put(kind, 0L);
    }
    for (Shard s : shards) {
      latency.add(s.latency);
      if (s.serviceTime != null) {
        service = service == null ? Distribution.latencyHistogram() : service;
        service.add(s.serviceTime);
      }
      ttfb.add(s.ttfb);
      sizes.add(s.sizes);
      succeeded += s.succeeded;
      bytes += s.bytes;
      late += s.late;
      dropped += s.dropped;
      digests.addAll(s.digests);
      overflowed |= s.digestsOverflowed;
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
      for (HttpVersion version : VERSIONS) {
        if (s.versions[version.ordinal()] > 0) {
          versions.merge(label(version), s.versions[version.ordinal()], Long::sum);
        }
      }
    }
    long failed = errors.values().stream().mapToLong(Long::longValue).sum();
    return new Totals(
        succeeded + failed,
        succeeded,
        errors,
        samples,
        statuses,
        versions,
        bytes,
        Distribution.of(latency),
        service == null ? null : Distribution.of(service),
        Distribution.of(ttfb),
        Distribution.of(sizes),
        digests.stream().sorted().toList(),
        overflowed || digests.size() > MAX_DIGESTS,
        late,
        dropped);
  }

  /** A version as plans and passports write it: {@code 1.0}, {@code 1.1} or {@code 2}. */
  static String label(HttpVersion version) {
    return switch (version) {
      case HTTP_1_0 -> "1.0";
      case HTTP_1_1 -> "1.1";
      case HTTP_2 -> "2";
    };
  }

  /** A phase's figures summed over its shards. */
  record Totals(
      long requests,
      long succeeded,
      Map<ErrorKind, Long> errors,
      Map<ErrorKind, String> errorSamples,
      Map<Integer, Long> statusCounts,
      Map<String, Long> httpVersions,
      long bytes,
      Distribution latency,
      Distribution serviceTime,
      Distribution ttfb,
      Distribution sizes,
      java.util.List<Long> digests,
      boolean moreDigestsThanCounted,
      long late,
      long dropped) {}
}
