package io.cartographer.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The samples of one scrape of a Prometheus text (format 0.0.4) or OpenMetrics 1.0 endpoint, read
 * by a strict parser.
 *
 * <p><b>Why strict.</b> The text comes from the network and the number taken from it becomes a
 * verdict about the target's memory. A lenient parser turns a truncated or garbled body into a
 * plausible wrong number; this one rejects anything the formats do not allow and says where. That
 * is also why a last line without its line feed (Prometheus) or a missing {@code # EOF}
 * (OpenMetrics) is an error: it is how a cut-off body shows. Checked are the syntax of every line
 * and the rules that change which numbers are read: at most one HELP, TYPE and UNIT per name, and
 * no series twice (a repeated series would be summed twice). Family-level rules (families kept
 * together, bucket order, sample suffixes matching the TYPE) are not checked: they cannot change
 * the value of a series.
 *
 * <p><b>Why bounded.</b> Input longer than {@link #MAX_CHARS} is refused before any work, and more
 * than {@link #MAX_SAMPLES} samples are refused while parsing, so what is kept stays a small
 * multiple of the text. Parsing is one left-to-right pass with no regular expressions and no
 * backtracking. Duplicates are found with string keys, whose hash buckets turn into trees on
 * collision, so crafted collisions cannot make a parse quadratic. Error messages quote at most a
 * few dozen characters of the input, with control characters escaped.
 *
 * <p><b>Format decisions.</b>
 *
 * <ul>
 *   <li>Lines end with {@code \n}; a {@code \r} before it is an error, not tolerated.
 *   <li>Values follow Go's {@code strconv.ParseFloat}, like Prometheus: decimal and scientific
 *       notation, {@code NaN}, {@code Inf} and {@code Infinity} (case-insensitive, sign allowed
 *       on infinities only). Hex floats and digit underscores are rejected, and so is a finite
 *       literal too large for a double ({@code 1e999}).
 *   <li>Timestamps are checked (Prometheus: integer milliseconds fitting a long; OpenMetrics: a
 *       finite decimal number) and then dropped: a memory reading is taken now.
 *   <li>OpenMetrics exemplars ({@code # {trace_id="a"} 1.0 [timestamp]}) are checked and dropped;
 *       in Prometheus format they are an error like any other trailing text.
 *   <li>A trailing comma in a label set ({@code {a="1",}}) is allowed in both formats: the
 *       Prometheus Java client has always written it, even in OpenMetrics output.
 *   <li>Prometheus: any run of spaces and tabs separates tokens, also inside braces, and may
 *       lead or trail a line; {@code # UNIT}, {@code # EOF} and any other comment are plain
 *       comments. OpenMetrics: exactly one space where the grammar has one and none elsewhere;
 *       only HELP, TYPE, UNIT and EOF comments; a UNIT must be a suffix of its metric's name.
 *   <li>HELP text may be empty; its escapes are {@code \\} and {@code \n} (Prometheus) plus
 *       {@code \"} (OpenMetrics). Label values allow exactly {@code \\ \" \n}.
 *   <li>The label name {@code __name__} is reserved. Quoted UTF-8 metric names (newer
 *       Prometheus) are not supported.
 *   <li>A series may appear only once, also in OpenMetrics (which allows several timestamped
 *       points of a series): a single current value per series is what a reading needs.
 * </ul>
 */
public final class MetricsText {

  /** The longest text accepted, in chars; checked before anything else. */
  public static final int MAX_CHARS = 10 * 1024 * 1024;

  /**
   * The most samples accepted. Real lines, HELP and TYPE included, average well over 42 chars, so
   * a genuine exposition within {@link #MAX_CHARS} stays under this; a text of tiny lines made to
   * inflate memory does not.
   */
  public static final int MAX_SAMPLES = 250_000;

  static final String RESERVED_LABEL = "__name__";
  private static final List<String> PROMETHEUS_TYPES =
      List.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final List<String> OPENMETRICS_TYPES =
      List.of("counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary",
          "unknown");
  private static final int MAX_EXEMPLAR_LABEL_CODE_POINTS = 128;
  private static final int QUOTED_CHARS = 40;

  private final List<Sample> samples;

  private MetricsText(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /**
   * Parses one scrape.
   *
   * @param text the whole body, already decoded from UTF-8; never {@code null}
   * @param openMetrics {@code true} for {@code application/openmetrics-text}, {@code false} for
   *     the Prometheus text format
   * @throws MetricsFormatException for any input that is not valid in the chosen format; no
   *     other exception escapes for any non-null text
   */
  public static MetricsText parse(String text, boolean openMetrics) throws MetricsFormatException {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_CHARS) {
      throw new MetricsFormatException(
          "input is " + text.length() + " characters, more than the limit of " + MAX_CHARS);
    }
    return new MetricsText(new ExpositionParser(text, openMetrics).parse());
  }

  /** Every sample in the order of the text; immutable. */
  public List<Sample> samples() {
    return samples;
  }

  @Override
  public String toString() {
    return "MetricsText[" + samples.size() + " samples]";
  }

  /**
   * One sample line: a series and its value. Its timestamp, if any, is not kept.
   *
   * @param name the metric name as written, e.g. {@code jvm_memory_used_bytes}
   * @param labels the labels; immutable, iteration order unspecified
   * @param value the value, possibly NaN or infinite
   */
  public record Sample(String name, Map<String, String> labels, double value) {

    /** Copies {@code labels}, so a sample never changes after it is made. */
    public Sample {
      Objects.requireNonNull(name, "name");
      labels = Map.copyOf(labels);
    }

    /** The sample as a canonical exposition line, labels sorted: {@code x{a="1"} 2}. */
    @Override
    public String toString() {
      return series(name, labels) + " " + formatValue(value);
    }
  }

  /** Whether {@code s} matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  static boolean isMetricName(String s) {
    if (s.isEmpty() || isDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLetterOrUnderscore(c) && !isDigit(c) && c != ':') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} matches {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  static boolean isLabelName(String s) {
    if (s.isEmpty() || isDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isLetterOrUnderscore(c) && !isDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical text of a series, labels sorted by name: {@code x{a="1",b="q\"uote"}}. */
  static String series(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    String[] names = labels.keySet().toArray(new String[0]);
    Arrays.sort(names);
    StringBuilder b = new StringBuilder(name).append('{');
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(names[i]).append("=\"");
      String value = labels.get(names[i]);
      for (int j = 0; j < value.length(); j++) {
        char c = value.charAt(j);
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '"' -> b.append("\\\"");
          case '\n' -> b.append("\\n");
          default -> b.append(c);
        }
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  /** A value as the exposition formats write it: {@code NaN}, {@code +Inf}, {@code 1024}. */
  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** {@code s} in single quotes for a message: cut to a few dozen chars, invisibles escaped. */
  static String quote(CharSequence s) {
    return quote(s, QUOTED_CHARS);
  }

  /** {@code s} in single quotes for a message: cut to {@code max} chars, invisibles escaped. */
  static String quote(CharSequence s, int max) {
    int shown = Math.min(s.length(), max);
    StringBuilder b = new StringBuilder(shown + 8).append('\'');
    for (int i = 0; i < shown; i++) {
      appendVisible(b, s.charAt(i));
    }
    if (s.length() > shown) {
      b.append("...");
    }
    return b.append('\'').toString();
  }

  private static void appendVisible(StringBuilder b, char c) {
    switch (c) {
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      default -> {
        if (Character.isISOControl(c)
            || Character.isSurrogate(c)
            || Character.getType(c) == Character.FORMAT
            || c == '\u2028'
            || c == '\u2029') {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetterOrUnderscore(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  /**
   * The value of {@code NaN}, {@code [+-]Inf} or {@code [+-]Infinity} in any case, as Go's
   * ParseFloat reads them, or {@code null} if {@code token} is none of these.
   */
  private static Double specialValue(String token) {
    if (token.isEmpty() || token.length() > "+infinity".length()) {
      return null;
    }
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) > 0x7f) {
        return null; // equalsIgnoreCase would let the dotless 'ı' pass for 'i'
      }
    }
    char first = token.charAt(0);
    boolean signed = first == '+' || first == '-';
    String rest = signed ? token.substring(1) : token;
    if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
      return first == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!signed && rest.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  /**
   * Whether {@code token} is {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}
   * in ASCII digits: the decimal part of Go's float syntax, and a subset of what
   * {@link Double#parseDouble} reads, so the two agree on every token this accepts.
   */
  private static boolean isDecimal(String token) {
    int n = token.length();
    int i = 0;
    if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
      i++;
    }
    int integerDigits = countDigits(token, i);
    i += integerDigits;
    int fractionDigits = 0;
    if (i < n && token.charAt(i) == '.') {
      i++;
      fractionDigits = countDigits(token, i);
      i += fractionDigits;
    }
    if (integerDigits + fractionDigits == 0) {
      return false;
    }
    if (i < n && (token.charAt(i) == 'e' || token.charAt(i) == 'E')) {
      i++;
      if (i < n && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = countDigits(token, i);
      if (exponentDigits == 0) {
        return false;
      }
      i += exponentDigits;
    }
    return i == n;
  }

  /** Whether {@code token} is {@code [+-]? digits} in ASCII digits. */
  private static boolean isInteger(String token) {
    int start = !token.isEmpty() && (token.charAt(0) == '+' || token.charAt(0) == '-') ? 1 : 0;
    int digits = countDigits(token, start);
    return digits > 0 && start + digits == token.length();
  }

  private static int countDigits(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i - from;
  }

  /**
   * Reads the tokens of one line, knowing the whitespace rule of its format. Every problem it
   * finds becomes a {@link MetricsFormatException} carrying the line number. {@link
   * SeriesSelector} reads selectors with it too, in Prometheus mode and with line number 0.
   */
  static final class LineReader {

    private final String text;
    private final int end;
    private final int lineNumber;
    private final boolean openMetrics;
    private int pos;

    /**
     * @param start index of the line's first char in {@code text}
     * @param end index just past its last char, excluding the line feed
     * @param openMetrics whether exactly one space separates tokens (OpenMetrics) or any run of
     *     spaces and tabs (Prometheus)
     */
    LineReader(String text, int start, int end, int lineNumber, boolean openMetrics) {
      this.text = text;
      this.pos = start;
      this.end = end;
      this.lineNumber = lineNumber;
      this.openMetrics = openMetrics;
    }

    boolean atEnd() {
      return pos >= end;
    }

    /** The next char; only when not {@link #atEnd()}. */
    char peek() {
      return text.charAt(pos);
    }

    boolean nextIs(char c) {
      return pos < end && text.charAt(pos) == c;
    }

    void skip() {
      pos++;
    }

    /** Whether the rest of the line is exactly {@code s}. */
    boolean restIs(String s) {
      return end - pos == s.length() && text.startsWith(s, pos);
    }

    /** The rest of the line, consumed. */
    String rest() {
      String rest = text.substring(pos, end);
      pos = end;
      return rest;
    }

    /** The rest of the line without trailing spaces and tabs (no other whitespace), consumed. */
    String restWithoutTrailingBlanks() {
      int last = end;
      while (last > pos && isSeparator(text.charAt(last - 1))) {
        last--;
      }
      String rest = text.substring(pos, last);
      pos = end;
      return rest;
    }

    /** What comes next, for a message: {@code 'x'} or {@code end of line}. */
    String found() {
      return atEnd() ? "end of line" : quote(String.valueOf(peek()));
    }

    MetricsFormatException error(String problem) {
      return new MetricsFormatException(lineNumber, problem);
    }

    boolean isSeparator(char c) {
      return c == ' ' || (c == '\t' && !openMetrics);
    }

    /** Prometheus: skips spaces and tabs. OpenMetrics: does nothing, as no blank is optional. */
    void skipOptionalBlanks() {
      if (!openMetrics) {
        while (pos < end && isSeparator(text.charAt(pos))) {
          pos++;
        }
      }
    }

    /**
     * Consumes the whitespace between two tokens, if there is any. Prometheus: any run of spaces
     * and tabs. OpenMetrics: one space, and a second blank is an error.
     *
     * @return whether there was any
     */
    boolean skipSeparator() throws MetricsFormatException {
      int before = pos;
      if (openMetrics) {
        if (nextIs(' ')) {
          pos++;
          if (pos < end && (peek() == ' ' || peek() == '\t')) {
            throw error("extra whitespace (OpenMetrics allows exactly one space between tokens)");
          }
        }
      } else {
        skipOptionalBlanks();
      }
      return pos > before;
    }

    /** Consumes chars up to a separator, one of {@code delimiters}, or the end of the line. */
    String token(String delimiters) {
      int start = pos;
      while (pos < end) {
        char c = text.charAt(pos);
        if (isSeparator(c) || delimiters.indexOf(c) >= 0) {
          break;
        }
        pos++;
      }
      return text.substring(start, pos);
    }

    /** Reads a metric name ending at a separator, a {@code '{'} or the end of the line. */
    String metricName() throws MetricsFormatException {
      String name = token("{");
      if (name.isEmpty()) {
        throw error("missing metric name before " + found());
      }
      if (!isMetricName(name)) {
        throw error("invalid metric name " + quote(name));
      }
      return name;
    }

    /**
     * Reads a label set from its {@code '{'} to its {@code '}'}.
     *
     * @param canonical applied to each label name, to share equal names between samples
     */
    Map<String, String> labelSet(UnaryOperator<String> canonical) throws MetricsFormatException {
      pos++; // the '{'
      Map<String, String> labels = new HashMap<>();
      skipOptionalBlanks();
      while (true) {
        if (atEnd()) {
          throw error("unterminated label set (missing '}')");
        }
        if (peek() == '}') {
          pos++;
          return labels;
        }
        String name = token("=,}\"{");
        if (name.isEmpty()) {
          throw error("expected a label name, found " + found());
        }
        if (!isLabelName(name)) {
          throw error("invalid label name " + quote(name));
        }
        if (name.equals(RESERVED_LABEL)) {
          throw error("label name '" + RESERVED_LABEL + "' is reserved");
        }
        skipOptionalBlanks();
        if (!nextIs('=')) {
          throw error("expected '=' after label name " + quote(name) + ", found " + found());
        }
        pos++;
        skipOptionalBlanks();
        if (!nextIs('"')) {
          throw error(
              "expected '\"' to open the value of label " + quote(name) + ", found " + found());
        }
        pos++;
        String value = quotedLabelValue(name);
        if (labels.putIfAbsent(canonical.apply(name), value) != null) {
          throw error("duplicate label name " + quote(name));
        }
        skipOptionalBlanks();
        if (nextIs(',')) {
          pos++;
          skipOptionalBlanks(); // a '}' may follow: the trailing comma is allowed
        } else if (!atEnd() && peek() != '}') {
          throw error("expected ',' or '}' after the value of label " + quote(name)
              + ", found " + found());
        }
      }
    }

    /** Reads a label value after its opening quote, through its closing quote. */
    private String quotedLabelValue(String labelName) throws MetricsFormatException {
      StringBuilder unescaped = null;
      int chunkStart = pos;
      while (pos < end) {
        char c = text.charAt(pos);
        if (c == '"') {
          String value = unescaped == null
              ? text.substring(chunkStart, pos)
              : unescaped.append(text, chunkStart, pos).toString();
          pos++;
          return value;
        }
        if (c == '\\') {
          if (pos + 1 >= end) {
            break;
          }
          char escaped = text.charAt(pos + 1);
          char meant = switch (escaped) {
            case '\\' -> '\\';
            case '"' -> '"';
            case 'n' -> '\n';
            default -> throw error("invalid escape sequence " + quote("\\" + escaped)
                + " in the value of label " + quote(labelName));
          };
          if (unescaped == null) {
            unescaped = new StringBuilder();
          }
          unescaped.append(text, chunkStart, pos).append(meant);
          pos += 2;
          chunkStart = pos;
        } else {
          pos++;
        }
      }
      throw error("unterminated value of label " + quote(labelName));
    }

    /**
     * Checks the rest of the line as HELP text, which is then dropped.
     *
     * @param quoteEscape whether {@code \"} is a valid escape (OpenMetrics) or not (Prometheus)
     */
    void helpText(boolean quoteEscape) throws MetricsFormatException {
      while (pos < end) {
        if (text.charAt(pos) == '\\') {
          if (pos + 1 >= end) {
            throw error("HELP text ends inside an escape sequence");
          }
          char escaped = text.charAt(pos + 1);
          if (escaped != '\\' && escaped != 'n' && !(quoteEscape && escaped == '"')) {
            throw error("invalid escape sequence " + quote("\\" + escaped) + " in HELP text");
          }
          pos += 2;
        } else {
          pos++;
        }
      }
    }

    /** Reads a sample or exemplar value: Go float syntax. */
    double value(String what) throws MetricsFormatException {
      String token = token("");
      Double special = specialValue(token);
      if (special != null) {
        return special;
      }
      if (!isDecimal(token)) {
        throw error("invalid " + what + " " + quote(token));
      }
      double value = Double.parseDouble(token);
      if (Double.isInfinite(value)) {
        throw error(what + " " + quote(token) + " is out of range");
      }
      return value;
    }

    /** Checks a timestamp: integer milliseconds (Prometheus) or a decimal number (OpenMetrics). */
    void timestamp(String what) throws MetricsFormatException {
      String token = token("");
      if (openMetrics) {
        if (!isDecimal(token)) {
          throw error("invalid " + what + " " + quote(token));
        }
        if (Double.isInfinite(Double.parseDouble(token))) {
          throw error(what + " " + quote(token) + " is out of range");
        }
        return;
      }
      if (!isInteger(token)) {
        throw error("invalid " + what + " " + quote(token)
            + " (must be an integer number of milliseconds)");
      }
      try {
        Long.parseLong(token);
      } catch (NumberFormatException e) {
        throw error(what + " " + quote(token) + " is out of range");
      }
    }
  }

  /**
   * One parse: walks the lines, dispatches each to comment or sample rules, and remembers what
   * must not repeat. Lives for one call, so it holds no state between scrapes.
   */
  private static final class ExpositionParser {

    private final String text;
    private final boolean openMetrics;
    private final List<Sample> samples = new ArrayList<>();
    private final Set<String> seriesSeen = new HashSet<>();
    private final Map<String, Set<String>> describedNames = new HashMap<>();
    private final Map<String, String> canonicalNames = new HashMap<>();
    private boolean sawEof;

    ExpositionParser(String text, boolean openMetrics) {
      this.text = text;
      this.openMetrics = openMetrics;
    }

    List<Sample> parse() throws MetricsFormatException {
      int start = 0;
      int lineNumber = 1;
      while (start < text.length()) {
        if (sawEof) {
          throw new MetricsFormatException(lineNumber, "content after # EOF");
        }
        int newline = text.indexOf('\n', start);
        int end = newline < 0 ? text.length() : newline;
        LineReader line = new LineReader(text, start, end, lineNumber, openMetrics);
        if (end > start && text.charAt(end - 1) == '\r') {
          throw line.error("carriage return at end of line (lines must end with \\n alone)");
        }
        if (newline < 0 && !openMetrics) {
          throw line.error("last line does not end with a line feed (the text may be truncated)");
        }
        parseLine(line);
        start = end + 1;
        lineNumber++;
      }
      if (openMetrics && !sawEof) {
        throw new MetricsFormatException(
            "OpenMetrics text does not end with '# EOF' (the text may be truncated)");
      }
      return samples;
    }

    private void parseLine(LineReader line) throws MetricsFormatException {
      if (openMetrics) {
        if (line.atEnd()) {
          throw line.error("empty line (not allowed in OpenMetrics)");
        }
        if (line.peek() == ' ' || line.peek() == '\t') {
          throw line.error("leading whitespace (not allowed in OpenMetrics)");
        }
      } else {
        line.skipOptionalBlanks();
        if (line.atEnd()) {
          return;
        }
      }
      if (line.peek() != '#') {
        parseSample(line);
      } else if (openMetrics) {
        parseOpenMetricsComment(line);
      } else {
        parsePrometheusComment(line);
      }
    }

    /** {@code # HELP name text} and {@code # TYPE name type}; any other comment is ignored. */
    private void parsePrometheusComment(LineReader line) throws MetricsFormatException {
      line.skip(); // the '#'
      if (line.atEnd() || !line.isSeparator(line.peek())) {
        return;
      }
      line.skipOptionalBlanks();
      String keyword = line.token("");
      if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
        return;
      }
      line.skipOptionalBlanks();
      String name = describedName(line, keyword);
      line.skipOptionalBlanks();
      if (keyword.equals("HELP")) {
        line.helpText(false);
      } else {
        checkType(line, name, line.restWithoutTrailingBlanks(), PROMETHEUS_TYPES);
      }
    }

    /** {@code # HELP}, {@code # TYPE}, {@code # UNIT} or {@code # EOF}; nothing else. */
    private void parseOpenMetricsComment(LineReader line) throws MetricsFormatException {
      if (line.restIs("# EOF")) {
        sawEof = true;
        return;
      }
      line.skip(); // the '#'
      if (!line.nextIs(' ')) {
        throw line.error(
            "invalid comment (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF lines)");
      }
      line.skipSeparator();
      String keyword = line.token("");
      switch (keyword) {
        case "HELP", "TYPE", "UNIT" -> { }
        case "EOF" -> throw line.error("unexpected text after # EOF");
        default -> throw line.error(
            "invalid comment (OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF lines)");
      }
      line.skipSeparator();
      String name = describedName(line, keyword);
      boolean hasText = line.nextIs(' ');
      if (hasText) {
        line.skip(); // exactly one space; what follows belongs to the text
      }
      switch (keyword) {
        case "HELP" -> line.helpText(true);
        case "TYPE" -> checkType(line, name, line.rest(), OPENMETRICS_TYPES);
        default -> checkUnit(line, name, line.rest());
      }
    }

    /** Reads the metric name of a HELP, TYPE or UNIT line and refuses a second one. */
    private String describedName(LineReader line, String keyword) throws MetricsFormatException {
      if (line.atEnd()) {
        throw line.error(keyword + " line has no metric name");
      }
      String name = line.token("");
      if (!isMetricName(name)) {
        throw line.error("invalid metric name " + quote(name) + " in " + keyword + " line");
      }
      if (!describedNames.computeIfAbsent(keyword, k -> new HashSet<>()).add(name)) {
        throw line.error("second " + keyword + " line for metric " + quote(name));
      }
      return name;
    }

    private static void checkType(LineReader line, String name, String type, List<String> known)
        throws MetricsFormatException {
      if (type.isEmpty()) {
        throw line.error("TYPE line for metric " + quote(name) + " has no type");
      }
      if (!known.contains(type)) {
        throw line.error("unknown TYPE " + quote(type) + " for metric " + quote(name)
            + " (expected one of " + String.join(", ", known) + ")");
      }
    }

    private static void checkUnit(LineReader line, String name, String unit)
        throws MetricsFormatException {
      if (unit.isEmpty()) {
        return;
      }
      if (!isMetricName("_" + unit)) {
        throw line.error("invalid unit " + quote(unit) + " for metric " + quote(name));
      }
      if (!name.endsWith("_" + unit)) {
        throw line.error(
            "unit " + quote(unit) + " is not a suffix of metric name " + quote(name));
      }
    }

    /**
     * {@code name[{labels}] value [timestamp]}, plus an optional exemplar in OpenMetrics.
     * Prometheus needs no blank between {@code '}'} and the value; OpenMetrics needs one space.
     */
    private void parseSample(LineReader line) throws MetricsFormatException {
      String name = canonical(line.metricName());
      Map<String, String> labels = Map.of();
      line.skipOptionalBlanks();
      if (line.nextIs('{')) {
        labels = line.labelSet(this::canonical);
      }
      String series = series(name, labels);
      boolean separated = line.skipSeparator();
      if (line.atEnd()) {
        throw line.error("missing value for " + quote(series));
      }
      if (openMetrics && !separated) {
        throw line.error("expected a space before the value, found " + line.found());
      }
      double value = line.value("value");
      if (!endOfSample(line)) {
        if (openMetrics && line.nextIs('#')) {
          skipExemplar(line);
        } else {
          line.timestamp("timestamp");
          if (!endOfSample(line)) {
            if (openMetrics && line.nextIs('#')) {
              skipExemplar(line);
            } else {
              throw line.error("unexpected text " + quote(line.rest()) + " after the timestamp");
            }
          }
        }
      }
      if (!seriesSeen.add(series)) {
        throw line.error("duplicate series " + quote(series));
      }
      if (samples.size() == MAX_SAMPLES) {
        throw line.error("more than " + MAX_SAMPLES + " samples");
      }
      samples.add(new Sample(name, labels, value));
    }

    /**
     * Consumes the blank after a token; says whether the sample's line ends there. Trailing
     * blanks are fine in Prometheus and an error in OpenMetrics.
     */
    private boolean endOfSample(LineReader line) throws MetricsFormatException {
      if (line.atEnd()) {
        return true;
      }
      line.skipSeparator();
      if (line.atEnd()) {
        if (openMetrics) {
          throw line.error("trailing whitespace (not allowed in OpenMetrics)");
        }
        return true;
      }
      return false;
    }

    /** Checks {@code # {labels} value [timestamp]} to the end of the line; nothing is kept. */
    private void skipExemplar(LineReader line) throws MetricsFormatException {
      line.skip(); // the '#'
      if (!line.nextIs(' ')) {
        throw line.error("expected a space after the '#' of an exemplar, found " + line.found());
      }
      line.skipSeparator();
      if (!line.nextIs('{')) {
        throw line.error("expected '{' to open the exemplar's labels, found " + line.found());
      }
      Map<String, String> labels = line.labelSet(UnaryOperator.identity());
      int codePoints = 0;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        codePoints += label.getKey().length();
        codePoints += label.getValue().codePointCount(0, label.getValue().length());
      }
      if (codePoints > MAX_EXEMPLAR_LABEL_CODE_POINTS) {
        throw line.error("exemplar labels have " + codePoints + " characters, more than "
            + MAX_EXEMPLAR_LABEL_CODE_POINTS);
      }
      boolean separated = line.skipSeparator();
      if (line.atEnd()) {
        throw line.error("missing exemplar value");
      }
      if (!separated) {
        throw line.error("expected a space before the exemplar value, found " + line.found());
      }
      line.value("exemplar value");
      if (!endOfSample(line)) {
        line.timestamp("exemplar timestamp");
        if (!line.atEnd()) {
          throw line.error("unexpected text " + quote(line.rest()) + " after the exemplar");
        }
      }
    }

    /** Shares one String between samples with the same metric or label name. */
    private String canonical(String name) {
      String known = canonicalNames.putIfAbsent(name, name);
      return known == null ? name : known;
    }
  }
}
