package io.cartographer.verdict;

/**
 * One limit compared with one measured figure.
 *
 * @param category what kind of limit: latency, errors, memory or load
 * @param metric e.g. {@code p99_ms} or {@code error_rate}
 * @param limit the largest allowed value
 * @param actual the measured value, or {@code null} when it could not be measured
 * @param passed whether {@code actual} is within {@code limit}
 * @param reason a sentence a person reads in a summary
 */
public record ThresholdCheck(
    Category category, String metric, double limit, Double actual, boolean passed, String reason) {

  /** Kinds of limits, counted apart in the summary. */
  @io.quarkus.runtime.annotations.RegisterForReflection
  public enum Category {
    LATENCY,
    ERRORS,
    MEMORY,
    LOAD,
    /** What each request cost the target: CPU, allocation, collection pauses, descriptors. */
    EFFICIENCY;

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
