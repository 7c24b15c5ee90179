package io.cartographer.passport;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** One metric of a plan's variants over its passports, oldest first. */
@RegisterForReflection
public record Trend(String plan, String metric, String unit, List<Series> series) {

  /** The points of one variant. */
  @RegisterForReflection
  public record Series(String endpoint, String variant, List<Point> points) {}

  /**
   * One passport's value; {@code value} is {@code null} when that run did not measure it, {@code
   * regression} whether the run found a regression in this variant (any metric).
   */
  @RegisterForReflection
  public record Point(String time, Double value, String passportId, String verdict, boolean regression) {}

  /** The metrics a trend can follow. */
  public enum Metric {
    P50("p50", "ms", IndexEntry.VariantPoint::p50Ms),
    P99("p99", "ms", IndexEntry.VariantPoint::p99Ms),
    THROUGHPUT("throughput", "rps", IndexEntry.VariantPoint::throughputRps),
    ERROR_RATE("error_rate", "ratio", IndexEntry.VariantPoint::errorRate),
    MEMORY_PEAK("memory_peak", "bytes", IndexEntry.VariantPoint::memoryPeakBytes),
    MEMORY_DELTA("memory_delta", "bytes", IndexEntry.VariantPoint::memoryDeltaBytes);

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
      String plan, String endpoint, String variant, Metric metric, java.time.Instant since, int limit) {}
}
