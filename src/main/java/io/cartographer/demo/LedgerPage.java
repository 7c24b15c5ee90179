package io.cartographer.demo;

import java.math.BigDecimal;

/** The static HTML page of {@code /demo/ui}: the latest block and the first statements. */
final class LedgerPage {

  static final int STATEMENTS_SHOWN = 20;

  private LedgerPage() {}

  static String render(MathLedger ledger) {
    Block latest = ledger.latest();
    StringBuilder html = new StringBuilder(8192);
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>MathLedger demo</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem; }
        table { border-collapse: collapse; margin-bottom: 2rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; }
        td.amount { text-align: right; font-variant-numeric: tabular-nums; }
        </style>
        </head>
        <body>
        <h1>MathLedger</h1>
        <h2>Latest block</h2>
        <table>
        """);
    row(html, "height", Integer.toString(latest.height()));
    row(html, "hash", latest.hash());
    row(html, "previous hash", latest.previousHash());
    row(html, "Merkle root", latest.merkleRoot());
    row(html, "statements", Integer.toString(latest.statementCount()));
    html.append("</table>\n<h2>First ").append(STATEMENTS_SHOWN).append(" statements</h2>\n");
    html.append("<table>\n<tr><th>id</th><th>block</th><th>account</th><th>amount</th>")
        .append("<th>currency</th><th>memo</th></tr>\n");
    for (Statement s : ledger.statements().subList(0, STATEMENTS_SHOWN)) {
      html.append("<tr><td>")
          .append(s.id())
          .append("</td><td>")
          .append(s.block())
          .append("</td><td>")
          .append(escape(s.account()))
          .append("</td><td class=\"amount\">")
          .append(BigDecimal.valueOf(s.amountCents(), 2).toPlainString())
          .append("</td><td>")
          .append(escape(s.currency()))
          .append("</td><td>")
          .append(escape(s.memo()))
          .append("</td></tr>\n");
    }
    return html.append("</table>\n</body>\n</html>\n").toString();
  }

  private static void row(StringBuilder html, String label, String value) {
    html.append("<tr><th>")
        .append(escape(label))
        .append("</th><td>")
        .append(escape(value))
        .append("</td></tr>\n");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
