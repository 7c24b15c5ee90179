package io.cartographer.passport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** One metric of a plan's variants over its passports, oldest first. */
@RegisterForReflection
public record Trend(String plan, String metric, String unit, List<Series> series) {

  /**
   * The points of one variant, and where its level shifted ({@link
   * io.cartographer.verdict.ChangePoints}: E-divisive means with a t-test, on the logarithms of
   * the measured values).
   */
  @RegisterForReflection
  public record Series(String endpoint, String variant, List<Point> points, List<Shift> changePoints) {}

  /**
   * A change point: the first run of a new level, the mean level before and after it (up to the
   * neighbouring change points), and the t-test's two-sided p-value.
   */
  @RegisterForReflection
  public record Shift(String passportId, String time, double before, double after, double relativeChange,
      double pValue) {}

  /**
   * One passport's value; {@code value} is {@code null} when that run did not measure it, {@code
   * regression} whether the run found a regression in this variant (any metric).
   */
  @RegisterForReflection
  public record Point(
      String time,
      Double value,
      String passportId,
      io.cartographer.verdict.VariantVerdict.Result verdict,
      boolean regression) {}

  /** The metrics a trend can follow. */
  public enum Metric {
    P50("p50", "ms", IndexEntry.VariantPoint::p50Ms),
    P99("p99", "ms", IndexEntry.VariantPoint::p99Ms),
    THROUGHPUT("throughput", "rps", IndexEntry.VariantPoint::throughputRps),
    ERROR_RATE("error_rate", "ratio", IndexEntry.VariantPoint::errorRate),
    MEMORY_PEAK("memory_peak", "bytes", IndexEntry.VariantPoint::memoryPeakBytes),
    MEMORY_DELTA("memory_delta", "bytes", IndexEntry.VariantPoint::memoryDeltaBytes),
    CPU_PER_REQUEST("cpu_per_request", "ms", IndexEntry.VariantPoint::cpuMsPerRequest),
    ALLOC_PER_REQUEST("alloc_per_request", "bytes", IndexEntry.VariantPoint::allocBytesPerRequest);

    private final String key;
    private final String unit;
    final Function<IndexEntry.VariantPoint, Double> value;

    Metric(String key, String unit, Function<IndexEntry.VariantPoint, Double> value) {
      this.key = key;
      this.unit = unit;
      this.value = value;
    }

    public String key() {
      return key;
    }

    public String unit() {
      return unit;
    }

    public static Optional<Metric> of(String key) {
      for (Metric m : values()) {
        if (m.key.equals(key.toLowerCase(Locale.ROOT))) {
          return Optional.of(m);
        }
      }
      return Optional.empty();
    }

    /** The accepted names, for error messages. */
    public static String names() {
      return String.join(", ", java.util.Arrays.stream(values()).map(Metric::key).toList());
    }
  }

  /** What a trend is asked for; {@code endpoint}, {@code variant} and {@code since} are optional. */
  public record Query(
      String plan, String endpoint, String variant, Metric metric, Instant since, int limit) {}

  /**
   * The trend {@code query} asks for, from index entries newest first: the newest {@code limit}
   * passports of the plan started at or after {@code since}, oldest first. Damaged files are
   * skipped.
   */
  static Trend of(Iterable<IndexEntry> newestFirst, Query query) {
    List<IndexEntry> chosen = new ArrayList<>();
    for (IndexEntry entry : newestFirst) {
      if (chosen.size() == query.limit()) {
        break;
      }
      if (!entry.damaged() && query.plan().equals(entry.listing().plan()) && startedSince(entry.listing(), query.since())) {
        chosen.add(entry);
      }
    }
    Collections.reverse(chosen);
    Map<VariantKey, List<Point>> byVariant = new LinkedHashMap<>();
    for (IndexEntry entry : chosen) {
      for (IndexEntry.VariantPoint v : entry.variants()) {
        if ((query.endpoint() == null || query.endpoint().equals(v.endpoint()))
            && (query.variant() == null || query.variant().equals(v.variant()))) {
          byVariant
              .computeIfAbsent(new VariantKey(v.endpoint(), v.variant()), k -> new ArrayList<>())
              .add(new Point(entry.listing().startedAt(), query.metric().value.apply(v), entry.id(), v.verdict(), v.regression()));
        }
      }
    }
    List<Series> series = new ArrayList<>();
    byVariant.forEach((key, points) ->
        series.add(new Series(key.endpoint(), key.variant(), List.copyOf(points), shifts(points))));
    return new Trend(query.plan(), query.metric().key(), query.metric().unit(), series);
  }

  private record VariantKey(String endpoint, String variant) {}

  private static List<Shift> shifts(List<Point> points) {
    List<Point> measured = points.stream().filter(p -> p.value() != null && p.value() > 0).toList();
    double[] logs = measured.stream().mapToDouble(p -> Math.log(p.value())).toArray();
    List<Shift> out = new ArrayList<>();
    for (io.cartographer.verdict.ChangePoints.ChangePoint c : io.cartographer.verdict.ChangePoints.find(logs)) {
      Point first = measured.get(c.index());
      double before = Math.exp(c.before());
      double after = Math.exp(c.after());
      out.add(new Shift(first.passportId(), first.time(), before, after, after / before - 1, c.pValue()));
    }
    return out;
  }

  private static boolean startedSince(PassportListing listing, Instant since) {
    if (since == null) {
      return true;
    }
    try {
      return listing.startedAt() != null && !Instant.parse(listing.startedAt()).isBefore(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
