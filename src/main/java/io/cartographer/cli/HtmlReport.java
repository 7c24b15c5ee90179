package io.cartographer.cli;

import io.cartographer.passport.Passport;
import io.cartographer.passport.PercentileCurve;
import java.util.List;
import java.util.Locale;

/**
 * {@code run --report FILE.html}: one run as a single HTML file that opens offline: the summary,
 * the table the CLI prints (with why each failing row failed), and each variant's latency
 * percentile curve drawn as inline SVG from its histogram, its axis stopping where the sample
 * does (the highest percentile a variant of n requests can show is 1 - 1/n). No script, no
 * stylesheet or font from elsewhere; every text from the passport is escaped.
 */
final class HtmlReport {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int LEFT = 56;
  private static final int BOTTOM = 28;

  private HtmlReport() {}

  static String render(Passport p) {
    Passport.Summary s = p.summary();
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Cartographer: ").append(esc(p.plan().name())).append(' ').append(s.verdict()).append("</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child,td.why{text-align:left}")
        .append(".fail{color:#b00020}.pass{color:#1b5e20}figure{display:inline-block;margin:1em 1em 0 0}")
        .append("svg text{font-size:11px;fill:#555}.curve polyline{fill:none;stroke:#1565c0;stroke-width:2}")
        .append(".axis{stroke:#999}</style></head><body>\n");
    html.append("<h1>Cartographer: ").append(esc(p.plan().name())).append(" <span class=\"")
        .append(s.verdict().passed() ? "pass" : "fail").append("\">").append(s.verdict()).append("</span></h1>\n");
    html.append(String.format(Locale.ROOT, "<p>%d of %d variants passed, %d requests, %d errors, %.1f s; started %s; "
            + "passport %s</p>%n", s.passed(), s.variants(), s.totalRequests(), s.totalErrors(), s.durationSeconds(),
        esc(p.startedAt()), esc(p.id())));
    html.append("<table><tr><th>Variant</th><th>Family</th><th>Requests</th><th>Errors</th><th>RPS</th>"
        + "<th>p50 ms</th><th>p99 ms</th><th>Target CPU ms/req</th><th>Target alloc B/req</th><th>Verdict</th></tr>\n");
    for (Passport.TestResult r : p.testResults()) {
      Passport.Stats latency = r.latencyMs();
      String why = FailureCause.why(r);
      html.append("<tr><td>").append(esc(r.key())).append("</td><td>").append(esc(r.family())).append("</td><td>")
          .append(r.requests()).append("</td><td>").append(r.failed()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", r.throughputRps())).append("</td><td>")
          .append(latency == null ? "n/a" : String.format(Locale.ROOT, "%.3f", latency.p50())).append("</td><td>")
          .append(latency == null ? "n/a" : String.format(Locale.ROOT, "%.3f", latency.p99())).append("</td><td>")
          .append(TargetFigures.cpuMsPerRequest(r)).append("</td><td>").append(TargetFigures.allocBytesPerRequest(r))
          .append("</td><td class=\"why ").append(r.verdict().passed() ? "pass" : "fail").append("\">")
          .append(r.verdict().passed() ? "pass" : "fail: " + esc(why))
          .append("</td></tr>\n");
    }
    html.append("</table>\n<h2>Latency percentiles (from each variant's histogram)</h2>\n");
    for (Passport.TestResult r : p.testResults()) {
      html.append(curve(p, r));
    }
    return html.append("</body></html>\n").toString();
  }

  /** The variant's percentile curve as SVG, x in nines (50, 90, 99, ...), up to 1 - 1/n. */
  private static String curve(Passport p, Passport.TestResult r) {
    PercentileCurve curve;
    try {
      curve = PercentileCurve.of(p, r.endpoint(), r.variant()).orElse(null);
    } catch (IllegalArgumentException e) {
      curve = null;
    }
    String title = "<figcaption>" + esc(r.key()) + "</figcaption>";
    if (curve == null || curve.count() < 2 || curve.points().isEmpty()) {
      return "<figure>" + title + "<p>no latency histogram to draw</p></figure>\n";
    }
    double maxNines = Math.log10(curve.count());
    List<PercentileCurve.Point> points = curve.points().stream()
        .filter(pt -> nines(pt.percentile()) <= maxNines + 1e-9).toList();
    double maxValue = points.stream().mapToDouble(PercentileCurve.Point::value).max().orElse(1);
    maxValue = maxValue <= 0 ? 1 : maxValue;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<figure>%s<svg class=\"curve\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
        title, WIDTH, HEIGHT, WIDTH, HEIGHT, esc(r.key() + " latency percentiles")));
    int plotWidth = WIDTH - LEFT - 10;
    int plotHeight = HEIGHT - BOTTOM - 10;
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, 10 + plotHeight, LEFT + plotWidth, 10 + plotHeight));
    svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\"/>",
        LEFT, LEFT, 10 + plotHeight));
    for (int n = 0; n <= (int) Math.floor(maxNines); n++) {
      double x = LEFT + plotWidth * n / maxNines;
      String label = n == 0 ? "0" : n == 1 ? "90" : "99" + (n > 2 ? "." + "9".repeat(n - 2) : "");
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%s</text>", x, HEIGHT - 8, label));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"16\">%.3f ms</text><text x=\"4\" y=\"%d\">0</text>",
        maxValue, 10 + plotHeight));
    svg.append("<polyline points=\"");
    for (PercentileCurve.Point pt : points) {
      double x = LEFT + plotWidth * nines(pt.percentile()) / maxNines;
      double y = 10 + plotHeight * (1 - pt.value() / maxValue);
      svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return svg.append("\"/></svg></figure>\n").toString();
  }

  /** {@code 90} -> 1, {@code 99} -> 2: how many nines a percentile has. */
  private static double nines(double percentile) {
    return percentile >= 100 ? Double.POSITIVE_INFINITY : -Math.log10(1 - percentile / 100);
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
