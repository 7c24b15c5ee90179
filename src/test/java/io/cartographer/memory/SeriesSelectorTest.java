package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.memory.MetricsText.Sample;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesSelectorTest {

  private static MetricsText metrics(String text) throws MetricsFormatException {
    return MetricsText.parse(text, false);
  }

  private static void assertInvalid(String selector, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SeriesSelector.parse(selector));
    assertEquals(reason, e.getMessage());
  }

  private static void assertUnreadable(String selector, String text, String reason) {
    MetricsFormatException e = assertThrows(MetricsFormatException.class,
        () -> SeriesSelector.parse(selector).sum(metrics(text)));
    assertEquals(reason, e.getMessage());
  }

  // ---- parsing

  @Test
  void parsesABareMetricName() {
    SeriesSelector selector = SeriesSelector.parse("process_resident_memory_bytes");
    assertEquals("process_resident_memory_bytes", selector.name());
    assertEquals(Map.of(), selector.labels());
    assertEquals("process_resident_memory_bytes", selector.toString());
  }

  @Test
  void parsesLabelPairsAndPrintsThemSortedAndEscaped() {
    SeriesSelector selector = SeriesSelector.parse("x{b=\"2\", a=\"say \\\"hi\\\"\\n\",}");
    assertEquals(Map.of("a", "say \"hi\"\n", "b", "2"), selector.labels());
    assertEquals("x{a=\"say \\\"hi\\\"\\n\",b=\"2\"}", selector.toString());
    assertEquals(selector, SeriesSelector.parse(selector.toString()));
  }

  @Test
  void rejectsInvalidSelectorsSayingWhy() {
    assertInvalid("", "series selector is empty: write e.g. process_resident_memory_bytes"
        + " or jvm_memory_used_bytes{area=\"heap\"}");
    assertInvalid(null, "series selector is empty: write e.g. process_resident_memory_bytes"
        + " or jvm_memory_used_bytes{area=\"heap\"}");
    assertInvalid("9lives", "invalid series selector '9lives': invalid metric name '9lives'");
    assertInvalid("x{1a=\"b\"}", "invalid series selector 'x{1a=\"b\"}': invalid label name '1a'");
    assertInvalid("x{a=\"1\"", "invalid series selector 'x{a=\"1\"': unterminated label set"
        + " (missing '}')");
    assertInvalid("x{a=1}", "invalid series selector 'x{a=1}': expected '\"' to open the value"
        + " of label 'a', found '1'");
    assertInvalid("x{a=\"1\",a=\"2\"}",
        "invalid series selector 'x{a=\"1\",a=\"2\"}': duplicate label name 'a'");
    assertInvalid("x{a=\"\\d\"}", "invalid series selector 'x{a=\"\\d\"}': invalid escape"
        + " sequence '\\d' in the value of label 'a'");
    assertInvalid("x y", "invalid series selector 'x y': unexpected text ' y' after the"
        + " metric name");
    assertInvalid("x{a=\"1\"} ", "invalid series selector 'x{a=\"1\"} ': unexpected text ' '"
        + " after the labels");
    assertInvalid(" x", "invalid series selector ' x': missing metric name before ' '");
    assertInvalid("x{__name__=\"y\"}",
        "invalid series selector 'x{__name__=\"y\"}': label name '__name__' is reserved");
  }

  @Test
  void constructorChecksNamesLikeParse() {
    assertThrows(IllegalArgumentException.class, () -> new SeriesSelector("a b", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new SeriesSelector("x", Map.of("-", "1")));
  }

  // ---- matching and summing

  @Test
  void sumsEveryHeapPoolOfARealisticJvmExposition() throws MetricsFormatException {
    double heap = SeriesSelector.parse("jvm_memory_used_bytes{area=\"heap\"}")
        .sum(metrics(MetricsTextTest.JVM_PROMETHEUS));
    assertEquals(4194304.0 + 23068672.0 + 12582912.0, heap);
    assertEquals(39845888.0, heap);
  }

  @Test
  void sumsTheSameSeriesFromOpenMetrics() throws MetricsFormatException {
    MetricsText metrics = MetricsText.parse(MetricsTextTest.JVM_OPENMETRICS, true);
    assertEquals(12582912.0 + 23068672.0,
        SeriesSelector.parse("jvm_memory_used_bytes{area=\"heap\"}").sum(metrics));
    assertEquals(123456789.0, SeriesSelector.parse("process_resident_memory_bytes").sum(metrics));
  }

  @Test
  void matchesSamplesCarryingAtLeastTheSelectedLabels() {
    SeriesSelector selector = SeriesSelector.parse("x{a=\"1\"}");
    assertTrue(selector.matches(new Sample("x", Map.of("a", "1", "b", "2"), 1)));
    assertFalse(selector.matches(new Sample("x", Map.of("a", "2"), 1)));
    assertFalse(selector.matches(new Sample("x", Map.of(), 1)));
    assertFalse(selector.matches(new Sample("xy", Map.of("a", "1"), 1)));
  }

  @Test
  void anEmptySelectedValueMatchesAnAbsentLabel() {
    SeriesSelector selector = SeriesSelector.parse("x{a=\"\"}");
    assertTrue(selector.matches(new Sample("x", Map.of(), 1)));
    assertTrue(selector.matches(new Sample("x", Map.of("a", ""), 1)));
    assertFalse(selector.matches(new Sample("x", Map.of("a", "1"), 1)));
  }

  @Test
  void saysWhenNoSeriesMatches() {
    assertUnreadable("jvm_memory_used_bytes{area=\"heap\"}", "other 1\n",
        "series jvm_memory_used_bytes{area=\"heap\"} not found");
    assertUnreadable("jvm_memory_used_bytes{area=\"heap\"}",
        "jvm_memory_used_bytes{area=\"nonheap\",id=\"a\"} 1\njvm_memory_used_bytes 2\n",
        "series jvm_memory_used_bytes{area=\"heap\"} not found"
            + " (2 samples named jvm_memory_used_bytes, none with all of those labels)");
  }

  @Test
  void saysWhenAMatchingValueIsNotFinite() {
    assertUnreadable("x", "x NaN\n", "series x has a non-finite value NaN");
    assertUnreadable("x{area=\"heap\"}",
        "x{area=\"heap\",id=\"a\"} 1\nx{area=\"heap\",id=\"b\"} +Inf\n",
        "series x{area=\"heap\"} has a non-finite value +Inf (in x{area=\"heap\",id=\"b\"})");
  }

  @Test
  void saysWhenTheSumOverflows() {
    assertUnreadable("x", "x{i=\"1\"} 1e308\nx{i=\"2\"} 1e308\n", "sum of series x overflows");
  }
}
