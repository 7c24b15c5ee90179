package io.cartographer.memory;

import io.cartographer.memory.MetricsText.Sample;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Which series of a target's metrics make up its memory figure: a metric name plus label pairs
 * the series must carry, e.g. {@code jvm_memory_used_bytes{area="heap"}}. Every matching sample is
 * summed, because one figure is often split into series (one per JVM memory pool, say) that only
 * mean something together.
 *
 * <p>A selector pair with an empty value, {@code a=""}, matches series without label {@code a}
 * as well as those where it is empty, since Prometheus treats the two alike.
 *
 * @param name the metric name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param labels the label pairs every matching series carries; sorted by name, immutable
 */
public record SeriesSelector(String name, Map<String, String> labels) {

  private static final int QUOTED_SELECTOR_CHARS = 200;

  /**
   * Checks the name and label names and copies the labels.
   *
   * @throws IllegalArgumentException if a name is invalid or a label value is missing
   */
  public SeriesSelector {
    if (name == null || !MetricsText.isMetricName(name)) {
      throw new IllegalArgumentException(
          "invalid metric name " + (name == null ? "null" : MetricsText.quote(name)));
    }
    Objects.requireNonNull(labels, "labels");
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String labelName = label.getKey();
      if (labelName == null || !MetricsText.isLabelName(labelName)) {
        throw new IllegalArgumentException("invalid label name "
            + (labelName == null ? "null" : MetricsText.quote(labelName)));
      }
      if (labelName.equals(MetricsText.RESERVED_LABEL)) {
        throw new IllegalArgumentException(
            "label name '" + MetricsText.RESERVED_LABEL + "' is reserved");
      }
      if (label.getValue() == null) {
        throw new IllegalArgumentException("label " + labelName + " has no value");
      }
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /**
   * Parses {@code name} or {@code name{label="value",...}}. Label values take the escapes of the
   * exposition format ({@code \\ \" \n}); spaces are allowed inside the braces, nowhere else.
   *
   * @throws IllegalArgumentException naming what is wrong, for anything else (including null)
   */
  public static SeriesSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) {
      throw new IllegalArgumentException("series selector is empty: write e.g. "
          + "process_resident_memory_bytes or jvm_memory_used_bytes{area=\"heap\"}");
    }
    MetricsText.LineReader reader =
        new MetricsText.LineReader(selector, 0, selector.length(), 0, false);
    try {
      String name = reader.metricName();
      Map<String, String> labels = Map.of();
      if (reader.nextIs('{')) {
        labels = reader.labelSet(UnaryOperator.identity());
      }
      if (!reader.atEnd()) {
        throw reader.error("unexpected text " + MetricsText.quote(reader.rest())
            + (labels.isEmpty() ? " after the metric name" : " after the labels"));
      }
      return new SeriesSelector(name, labels);
    } catch (MetricsFormatException e) {
      throw new IllegalArgumentException("invalid series selector "
          + MetricsText.quote(selector, QUOTED_SELECTOR_CHARS) + ": " + e.problem());
    }
  }

  /** Whether {@code sample} has this name and carries every label pair of this selector. */
  public boolean matches(Sample sample) {
    if (!sample.name().equals(name)) {
      return false;
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!sample.labels().getOrDefault(label.getKey(), "").equals(label.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sums the values of every matching sample, in text order.
   *
   * @throws MetricsFormatException if no sample matches, if a matching value is NaN or infinite,
   *     or if the sum overflows: each is a figure that cannot be read, never a 0
   */
  public double sum(MetricsText metrics) throws MetricsFormatException {
    double total = 0;
    int matched = 0;
    int sameName = 0;
    for (Sample sample : metrics.samples()) {
      if (sample.name().equals(name)) {
        sameName++;
      }
      if (!matches(sample)) {
        continue;
      }
      if (!Double.isFinite(sample.value())) {
        String series = MetricsText.series(sample.name(), sample.labels());
        throw new MetricsFormatException("series " + this + " has a non-finite value "
            + MetricsText.formatValue(sample.value())
            + (series.equals(toString()) ? "" : " (in " + series + ")"));
      }
      total += sample.value();
      matched++;
    }
    if (matched == 0) {
      throw new MetricsFormatException("series " + this + " not found"
          + (sameName == 0 ? "" : " (" + sameName + " samples named " + name
              + ", none with all of those labels)"));
    }
    if (!Double.isFinite(total)) {
      throw new MetricsFormatException("sum of series " + this + " overflows");
    }
    return total;
  }

  /** The canonical selector, labels sorted and values escaped: {@code x{a="1",b="2"}}. */
  @Override
  public String toString() {
    return MetricsText.series(name, labels);
  }
}
