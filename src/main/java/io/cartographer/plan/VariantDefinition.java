package io.cartographer.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical text of everything that decides what a variant measures; its SHA-256 is the
 * variant's definition digest, and two variants with equal digests are comparable. Thresholds and
 * regression tolerances are not part of it: they judge a measurement, they do not change it.
 *
 * <p>Encoding {@value #VERSION}: the version line, then one {@code name=value} line per field in
 * this order, each value a JSON literal (strings quoted and escaped, {@code null} for none):
 *
 * <ol>
 *   <li>{@code endpoint}, {@code variant}: names;
 *   <li>{@code method}; {@code target}: path and query as sent;
 *   <li>{@code header.<name>}: one line per request header, names in lower case and sorted;
 *   <li>{@code body}: the request body or {@code null}; {@code expected-status};
 *   <li>{@code http-version}: {@code "1.1"} or {@code "2"};
 *   <li>{@code load.model}: {@code "closed"} or {@code "open"}; then, closed model: {@code
 *       load.concurrency}, {@code load.requests} (or {@code null}), {@code load.duration-ns} (or
 *       {@code null}); open model: {@code load.rate} (requests per second, plain decimal), {@code
 *       load.duration-ns}, {@code load.max-connections}, {@code load.late-tolerance-ns}; both:
 *       {@code load.warmup}, {@code load.timeout-ns}, {@code load.max-body-bytes}, {@code
 *       load.rounds}; a staged load only: {@code load.stages}, each stage as {@code
 *       duration-ns:target}, {@code :unmeasured} appended for {@code measure: false};
 *   <li>{@code determinism.check}; {@code determinism.ignore-fields}: a JSON array in plan order.
 * </ol>
 *
 * <p>Settings that do not apply to a variant's model are left out, so a change to one of them
 * (the open model's connection cap, say) leaves closed-model digests alone. A new setting gets a
 * new line, written only when it differs from the behaviour before it existed, or a new version.
 */
public final class VariantDefinition {

  public static final String VERSION = "cartographer.variant-definition/v2";

  private VariantDefinition() {}

  private static String decimal(double v) {
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  static String canonical(Variant v) {
    StringBuilder text = new StringBuilder(VERSION).append('\n');
    line(text, "endpoint", json(v.endpoint()));
    line(text, "variant", json(v.name()));
    line(text, "method", json(v.method()));
    line(text, "target", json(v.pathAndQuery()));
    Map<String, String> headers = new TreeMap<>();
    v.headers().forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
    headers.forEach((name, value) -> line(text, "header." + name, json(value)));
    line(text, "body", json(v.body()));
    line(text, "expected-status", Integer.toString(v.expectedStatus()));
    line(text, "http-version", json(v.httpVersion().label()));
    LoadSettings l = v.load();
    boolean open = l.model() == LoadModel.OPEN;
    line(text, "load.model", json(open ? "open" : "closed"));
    if (open) {
      line(text, "load.rate", l.rate() == null ? "null" : decimal(l.rate()));
      line(text, "load.duration-ns", l.duration() == null ? "null" : nanos(l.duration()));
      line(text, "load.max-connections", Integer.toString(l.maxConnections()));
      line(text, "load.late-tolerance-ns", nanos(l.lateTolerance()));
    } else {
      line(text, "load.concurrency", Integer.toString(l.concurrency()));
      line(text, "load.requests", l.requests() == null ? "null" : Long.toString(l.requests()));
      line(text, "load.duration-ns", nanos(l.duration()));
    }
    line(text, "load.warmup", Integer.toString(l.warmup()));
    line(text, "load.timeout-ns", nanos(l.timeout()));
    line(text, "load.max-body-bytes", Long.toString(l.maxBodyBytes()));
    line(text, "load.rounds", Integer.toString(l.rounds()));
    if (l.searchesCapacity()) {
      CapacitySettings c = l.capacity();
      line(text, "load.capacity", "[" + decimal(c.from()) + "," + decimal(c.to()) + "," + nanos(c.step()) + ","
          + decimal(c.precision()) + "]");
    }
    if (l.staged()) {
      // only staged loads have the line, so a constant load's digest is what it was before stages
      line(text, "load.stages", l.stages().stream()
          .map(st -> nanos(st.duration()) + ":" + decimal(st.target()) + (st.measure() ? "" : ":unmeasured"))
          .collect(Collectors.joining(",", "[", "]")));
    }
    line(text, "determinism.check", Boolean.toString(v.determinism().check()));
    line(text, "determinism.ignore-fields", v.determinism().ignoreFields().stream()
        .map(VariantDefinition::json).collect(Collectors.joining(",", "[", "]")));
    return text.toString();
  }

  /**
   * The text digests were taken of before {@value #VERSION} (passports up to 2026-12-02), frozen:
   * the JDK's {@code toString} of the load and determinism settings as they were then. Kept so
   * that the first run after the change finds its baseline among those passports.
   */
  static String former(Variant v) {
    LoadSettings l = v.load();
    String text = String.join(
        "\n",
        v.key(),
        v.method(),
        v.pathAndQuery(),
        new TreeMap<>(v.headers()).toString(),
        v.body() == null ? "" : v.body(),
        Integer.toString(v.expectedStatus()),
        "LoadSettings[model=" + l.model().name() + ", concurrency=" + l.concurrency() + ", requests=" + l.requests()
            + ", duration=" + l.duration() + ", warmup=" + l.warmup() + ", timeout=" + l.timeout()
            + ", maxBodyBytes=" + l.maxBodyBytes() + ", rate=" + l.rate() + ", maxConnections=" + l.maxConnections()
            + ", lateTolerance=" + l.lateTolerance() + ", rounds=" + l.rounds() + "]",
        "Determinism[check=" + v.determinism().check() + ", ignoreFields=" + v.determinism().ignoreFields() + "]");
    return v.httpVersion() == HttpProtocol.HTTP_1_1 ? text : text + "\nhttp/" + v.httpVersion().label();
  }

  private static void line(StringBuilder text, String name, String value) {
    text.append(name).append('=').append(value).append('\n');
  }

  private static String nanos(Duration d) {
    return d == null ? "null" : Long.toString(d.toNanos());
  }

  /** A JSON string literal (escaped the way Jackson writes strings), or {@code null}. */
  static String json(String s) {
    return s == null ? "null" : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
