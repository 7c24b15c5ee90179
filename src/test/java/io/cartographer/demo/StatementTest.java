package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of a statement is byte for byte what a JSON library writes. */
class StatementTest {

  private static byte[] generic(Statement s) {
    return new JsonObject()
        .put("id", s.id())
        .put("block", s.block())
        .put("account", s.account())
        .put("amount_cents", s.amountCents())
        .put("currency", s.currency())
        .put("memo", s.memo())
        .toBuffer()
        .getBytes();
  }

  @Test
  void everyLedgerStatementEncodesAsJacksonDoes() {
    for (Statement s : MathLedger.generate().statements()) {
      assertArrayEquals(generic(s), s.json(), s::toString);
    }
  }

  @Test
  void quotesBackslashesControlAndNonAsciiCharactersEncodeAsJacksonDoes() {
    Statement tricky =
        new Statement(-7, 0, "a\"b\\c", Long.MIN_VALUE, "\u0001\u001f\t\n\r\b\f", "café <&> — 2 × 3 \uD83D\uDE00 \u007f");
    assertArrayEquals(generic(tricky), tricky.json(), () -> new String(generic(tricky)));
  }
}
