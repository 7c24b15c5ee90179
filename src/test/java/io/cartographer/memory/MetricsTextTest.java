package io.cartographer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.memory.MetricsText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTextTest {

  /** What a Quarkus/Micrometer service answers on /q/metrics, trimmed. */
  static final String JVM_PROMETHEUS = """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Survivor Space",} 4194304.0
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen",} 2.3068672E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace",} 4.1234568E7
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1.2582912E7
      jvm_memory_used_bytes{area="nonheap",id="CodeHeap 'non-nmethods'",} 1357312.0
      # HELP process_resident_memory_bytes Resident memory size in bytes.
      # TYPE process_resident_memory_bytes gauge
      process_resident_memory_bytes 1.23456789E8
      # HELP http_server_requests_seconds Latency of \\\\ "requests"\\nby uri
      # TYPE http_server_requests_seconds histogram
      http_server_requests_seconds_bucket{uri="/say \\"hi\\"",le="0.005",} 3.0 1700000000000
      http_server_requests_seconds_bucket{uri="/say \\"hi\\"",le="0.01",} 7.0 1700000000000
      http_server_requests_seconds_bucket{uri="/say \\"hi\\"",le="+Inf",} 9.0 1700000000000
      http_server_requests_seconds_count{uri="/say \\"hi\\"",} 9.0 1700000000000
      http_server_requests_seconds_sum{uri="/say \\"hi\\"",} 0.061 1700000000000
      # A free-form comment, which Prometheus allows
      jvm_threads_live_threads NaN
      jvm_gc_overhead_percent -Inf
      """;

  static final String JVM_OPENMETRICS = """
      # TYPE jvm_memory_used_bytes gauge
      # UNIT jvm_memory_used_bytes bytes
      # HELP jvm_memory_used_bytes The amount of used memory, \\"committed\\" excluded
      jvm_memory_used_bytes{area="heap",id="eden"} 1.2582912E7
      jvm_memory_used_bytes{area="heap",id="old"} 2.3068672E7
      jvm_memory_used_bytes{area="nonheap",id="metaspace"} 4.1234568E7 1700000000.123
      # TYPE http_requests counter
      http_requests_total{path="/a\\nb"} 17 # {trace_id="abc123"} 1.0 1700000000.5
      http_requests_created{path="/a\\nb"} 1.7e9
      # TYPE latency_seconds histogram
      latency_seconds_bucket{le="0.1"} 2 # {} 0.05
      latency_seconds_bucket{le="+Inf"} 3
      latency_seconds_count 3
      latency_seconds_sum 0.25
      process_resident_memory_bytes 123456789
      # EOF
      """;

  private static MetricsText parse(String text, boolean openMetrics) {
    try {
      return MetricsText.parse(text, openMetrics);
    } catch (MetricsFormatException e) {
      throw new AssertionError("expected valid text, got: " + e.getMessage(), e);
    }
  }

  private static void assertRejected(String text, boolean openMetrics, String reason) {
    MetricsFormatException e =
        assertThrows(MetricsFormatException.class, () -> MetricsText.parse(text, openMetrics));
    assertEquals(reason, e.getMessage());
  }

  private static Sample find(MetricsText metrics, String series) {
    return metrics.samples().stream()
        .filter(s -> MetricsText.series(s.name(), s.labels()).equals(series))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in " + metrics.samples()));
  }

  // ---- valid Prometheus text

  @Test
  void readsEverySampleOfARealisticJvmExposition() {
    MetricsText metrics = parse(JVM_PROMETHEUS, false);
    assertEquals(13, metrics.samples().size());
    Sample first = metrics.samples().get(0);
    assertEquals("jvm_memory_used_bytes", first.name());
    assertEquals(Map.of("area", "heap", "id", "G1 Survivor Space"), first.labels());
    assertEquals(4194304.0, first.value());
    assertEquals(123456789.0, find(metrics, "process_resident_memory_bytes").value());
  }

  @Test
  void unescapesQuotesInLabelValuesAndDropsTimestamps() {
    MetricsText metrics = parse(JVM_PROMETHEUS, false);
    Sample infBucket = find(metrics,
        "http_server_requests_seconds_bucket{le=\"+Inf\",uri=\"/say \\\"hi\\\"\"}");
    assertEquals("/say \"hi\"", infBucket.labels().get("uri"));
    assertEquals("+Inf", infBucket.labels().get("le"));
    assertEquals(9.0, infBucket.value());
  }

  @Test
  void readsSpecialValuesTheWayGoDoes() {
    MetricsText metrics = parse("""
        a NaN
        b +Inf
        c -Inf
        d Inf
        e -infinity
        f nan
        g 1e3
        h -.5E-1
        i 7.
        j +12
        k 1e-400
        """, false);
    List<Double> values = metrics.samples().stream().map(Sample::value).toList();
    assertTrue(values.get(0).isNaN());
    assertEquals(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), values.subList(1, 5));
    assertTrue(values.get(5).isNaN());
    assertEquals(List.of(1000.0, -0.05, 7.0, 12.0, 0.0), values.subList(6, 11));
  }

  @Test
  void toleratesRunsOfBlanksAndTabsBetweenPrometheusTokens() {
    MetricsText metrics = parse(
        "  \t\n\n x_bytes\t { a = \"1\" ,\tb=\"2\" , }  42 \t 1700000000000  \n"
            + "y{}7\n#\tTYPE  y   gauge \t\n", false);
    assertEquals(List.of(new Sample("x_bytes", Map.of("a", "1", "b", "2"), 42),
        new Sample("y", Map.of(), 7)), metrics.samples());
  }

  @Test
  void acceptsAnEmptyPrometheusText() {
    assertEquals(List.of(), parse("", false).samples());
    assertEquals(List.of(), parse("\n\n", false).samples());
  }

  @Test
  void treatsOpenMetricsOnlyCommentsAsPlainCommentsInPrometheusText() {
    assertEquals(1, parse("# UNIT x_bytes bytes\n# EOF\nx_bytes 1\n#comment\n", false)
        .samples().size());
  }

  // ---- valid OpenMetrics text

  @Test
  void readsOpenMetricsWithUnitsFloatTimestampsAndExemplars() {
    MetricsText metrics = parse(JVM_OPENMETRICS, true);
    assertEquals(10, metrics.samples().size());
    Sample requests = find(metrics, "http_requests_total{path=\"/a\\nb\"}");
    assertEquals("/a\nb", requests.labels().get("path"));
    assertEquals(17.0, requests.value());
    assertEquals(4.1234568E7, find(metrics,
        "jvm_memory_used_bytes{area=\"nonheap\",id=\"metaspace\"}").value());
  }

  @Test
  void acceptsOpenMetricsEndingWithEofWithoutLineFeed() {
    assertEquals(1, parse("a 1\n# EOF", true).samples().size());
    assertEquals(0, parse("# EOF\n", true).samples().size());
  }

  // ---- malformed input: each names its line and its problem

  @Test
  void rejectsAnInvalidMetricName() {
    assertRejected("ok 1\n1st_metric 2\n", false, "line 2: invalid metric name '1st_metric'");
    assertRejected("a-b 1\n", false, "line 1: invalid metric name 'a-b'");
  }

  @Test
  void rejectsALabelNameStartingWithADigit() {
    assertRejected("a 1\nb 2\nc 3\nd 4\ne 5\nf 6\nx{1x=\"y\"} 1\n", false,
        "line 7: invalid label name '1x'");
  }

  @Test
  void rejectsAnUnterminatedLabelValue() {
    assertRejected("x{a=\"heap} 1\n", false, "line 1: unterminated value of label 'a'");
  }

  @Test
  void rejectsAnEscapeOtherThanBackslashQuoteAndNewline() {
    assertRejected("x{a=\"C:\\temp\"} 1\n", false,
        "line 1: invalid escape sequence '\\t' in the value of label 'a'");
  }

  @Test
  void rejectsADuplicateLabelName() {
    assertRejected("x{a=\"1\",b=\"2\",a=\"3\"} 1\n", false, "line 1: duplicate label name 'a'");
  }

  @Test
  void rejectsASampleWithoutValue() {
    assertRejected("x{a=\"1\"}\n", false, "line 1: missing value for 'x{a=\"1\"}'");
    assertRejected("x   \n", false, "line 1: missing value for 'x'");
  }

  @Test
  void rejectsAValueThatIsNotAFloat() {
    assertRejected("x 12abc\n", false, "line 1: invalid value '12abc'");
    assertRejected("x 0x1p3\n", false, "line 1: invalid value '0x1p3'");
    assertRejected("x 1_000\n", false, "line 1: invalid value '1_000'");
    assertRejected("x +NaN\n", false, "line 1: invalid value '+NaN'");
    assertRejected("x ınf\n", false, "line 1: invalid value 'ınf'");
  }

  @Test
  void rejectsAFiniteValueTooLargeForADouble() {
    assertRejected("x 1e999\n", false, "line 1: value '1e999' is out of range");
  }

  @Test
  void rejectsTrailingTextAfterTheTimestamp() {
    assertRejected("x 1 1700000000000 extra\n", false,
        "line 1: unexpected text 'extra' after the timestamp");
  }

  @Test
  void rejectsANonIntegerPrometheusTimestamp() {
    assertRejected("x 1 1.5\n", false,
        "line 1: invalid timestamp '1.5' (must be an integer number of milliseconds)");
    assertRejected("x 1 99999999999999999999\n", false,
        "line 1: timestamp '99999999999999999999' is out of range");
  }

  @Test
  void rejectsCarriageReturnLineEndings() {
    assertRejected("a 1\r\nb 2\r\n", false,
        "line 1: carriage return at end of line (lines must end with \\n alone)");
  }

  @Test
  void rejectsAPrometheusTextWhoseLastLineIsCutOff() {
    assertRejected("a 1\nprocess_resident_memory_bytes 12", false,
        "line 2: last line does not end with a line feed (the text may be truncated)");
  }

  @Test
  void rejectsAnUnknownType() {
    assertRejected("# TYPE x gauges\nx 1\n", false,
        "line 1: unknown TYPE 'gauges' for metric 'x'"
            + " (expected one of counter, gauge, histogram, summary, untyped)");
    assertRejected("# TYPE x unknown\nx 1\n# EOF\n", false,
        "line 1: unknown TYPE 'unknown' for metric 'x'"
            + " (expected one of counter, gauge, histogram, summary, untyped)");
    assertRejected("# TYPE x untyped\nx 1\n# EOF\n", true,
        "line 1: unknown TYPE 'untyped' for metric 'x' (expected one of counter, gauge,"
            + " histogram, gaugehistogram, stateset, info, summary, unknown)");
  }

  @Test
  void rejectsASecondTypeLineForTheSameMetric() {
    assertRejected("# TYPE x gauge\n# TYPE x counter\nx 1\n", false,
        "line 2: second TYPE line for metric 'x'");
  }

  @Test
  void rejectsAnInvalidEscapeInHelpText() {
    assertRejected("# HELP x a \\\"quoted\\\" word\nx 1\n", false,
        "line 1: invalid escape sequence '\\\"' in HELP text");
  }

  @Test
  void rejectsTheSameSeriesTwiceSoItIsNotSummedTwice() {
    assertRejected("x{a=\"1\",b=\"2\"} 1\nx{b=\"2\",a=\"1\"} 1\n", false,
        "line 2: duplicate series 'x{a=\"1\",b=\"2\"}'");
  }

  @Test
  void rejectsTheReservedNameLabel() {
    assertRejected("x{__name__=\"y\"} 1\n", false, "line 1: label name '__name__' is reserved");
  }

  @Test
  void rejectsAnEmptyLabelName() {
    assertRejected("x{,} 1\n", false, "line 1: expected a label name, found ','");
    assertRejected("x{=\"1\"} 1\n", false, "line 1: expected a label name, found '='");
  }

  @Test
  void rejectsInputOverTheSizeLimitBeforeReadingIt() {
    String huge = "x".repeat(MetricsText.MAX_CHARS + 1);
    assertRejected(huge, false, "input is 10485761 characters, more than the limit of 10485760");
  }

  @Test
  void rejectsMoreSamplesThanTheLimit() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i <= MetricsText.MAX_SAMPLES; i++) {
      text.append("a").append(i).append(" 1\n");
    }
    assertRejected(text.toString(), false, "line 250001: more than 250000 samples");
  }

  @Test
  void quotesAtMostAFewDozenCharactersOfTheInputWithControlCharsEscaped() {
    assertRejected("x\u0001" + "y".repeat(1000) + " 1\n", false,
        "line 1: invalid metric name 'x\\u0001" + "y".repeat(38) + "...'");
  }

  // ---- malformed OpenMetrics

  @Test
  void rejectsOpenMetricsWithoutEof() {
    assertRejected("# TYPE x gauge\nx 1\n", true,
        "OpenMetrics text does not end with '# EOF' (the text may be truncated)");
    assertRejected("", true,
        "OpenMetrics text does not end with '# EOF' (the text may be truncated)");
  }

  @Test
  void rejectsContentAfterEof() {
    assertRejected("x 1\n# EOF\nx 2\n", true, "line 3: content after # EOF");
    assertRejected("x 1\n# EOF\n\n", true, "line 3: content after # EOF");
  }

  @Test
  void rejectsAnEmptyLineInOpenMetrics() {
    assertRejected("a 1\n\nb 2\n# EOF\n", true, "line 2: empty line (not allowed in OpenMetrics)");
  }

  @Test
  void rejectsFreeFormCommentsInOpenMetrics() {
    assertRejected("# hello\n# EOF\n", true,
        "line 1: invalid comment (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF lines)");
  }

  @Test
  void rejectsAnythingButSingleSpacesBetweenOpenMetricsTokens() {
    assertRejected("x  1\n# EOF\n", true,
        "line 1: extra whitespace (OpenMetrics allows exactly one space between tokens)");
    assertRejected("x 1 \n# EOF\n", true,
        "line 1: trailing whitespace (not allowed in OpenMetrics)");
    assertRejected("x\t1\n# EOF\n", true, "line 1: invalid metric name 'x\\t1'");
    assertRejected("x{a=\"1\"}1\n# EOF\n", true,
        "line 1: expected a space before the value, found '1'");
    assertRejected("x{a = \"1\"} 1\n# EOF\n", true,
        "line 1: expected '=' after label name 'a', found ' '");
  }

  @Test
  void rejectsAUnitThatIsNotASuffixOfTheName() {
    assertRejected("# UNIT memory_used bytes\n# EOF\n", true,
        "line 1: unit 'bytes' is not a suffix of metric name 'memory_used'");
  }

  @Test
  void rejectsAMalformedExemplar() {
    assertRejected("x_total 1 # {trace_id=\"a\"}\n# EOF\n", true,
        "line 1: missing exemplar value");
    assertEquals(1, parse("x_total 1 # {trace_id=\"" + "a".repeat(120) + "\"} 1\n# EOF\n", true)
        .samples().size());
    assertRejected("x_total 1 # {trace_id=\"" + "a".repeat(121) + "\"} 1\n# EOF\n", true,
        "line 1: exemplar labels have 129 characters, more than 128");
  }

  @Test
  void rejectsExemplarsInPrometheusText() {
    assertRejected("x_total 1 # {trace_id=\"a\"} 1\n", false,
        "line 1: invalid timestamp '#' (must be an integer number of milliseconds)");
  }
}
