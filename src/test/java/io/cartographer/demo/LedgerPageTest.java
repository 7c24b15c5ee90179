package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LedgerPageTest {

  @Test
  void markupInTextIsEscaped() {
    assertEquals(
        "rent &lt;March&gt; &amp; &quot;utilities&quot; &#39;24",
        LedgerPage.escape("rent <March> & \"utilities\" '24"));
  }

  @Test
  void pageShowsTheLatestBlockAndTwentyStatements() {
    MathLedger ledger = MathLedger.generate();

    String html = LedgerPage.render(ledger);

    assertTrue(html.contains("<td>" + ledger.latest().hash() + "</td>"), html);
    assertEquals(LedgerPage.STATEMENTS_SHOWN, html.split("<tr><td>", -1).length - 1, html);
  }
}
