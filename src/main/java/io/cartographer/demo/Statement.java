package io.cartographer.demo;

import java.nio.charset.StandardCharsets;

/**
 * One ledger entry.
 *
 * @param id 1 to the ledger's statement count
 * @param block height of the block that holds it
 * @param amountCents signed: negative amounts are debits
 */
record Statement(
    int id, int block, String account, long amountCents, String currency, String memo) {

  /**
   * Its JSON, written by hand rather than through a generic encoder: the demo encodes all 10,000
   * statements once at start-up, where Jackson's cold path cost most of a second. The bytes are
   * those Jackson writes (keys in this order, strings UTF-8 with only quotes, backslashes and
   * control characters and UTF-16 surrogates escaped), which {@code StatementTest} checks.
   */
  byte[] json() {
    StringBuilder text = new StringBuilder(160);
    text.append("{\"id\":").append(id).append(",\"block\":").append(block).append(",\"account\":");
    JsonText.appendString(text, account);
    text.append(",\"amount_cents\":").append(amountCents).append(",\"currency\":");
    JsonText.appendString(text, currency);
    text.append(",\"memo\":");
    JsonText.appendString(text, memo);
    return text.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }
}
