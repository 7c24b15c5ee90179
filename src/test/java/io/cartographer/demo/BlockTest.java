package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of a block is byte for byte what a JSON library writes. */
class BlockTest {

  private static byte[] generic(Block b) {
    return new JsonObject()
        .put("height", b.height())
        .put("hash", b.hash())
        .put("previous_hash", b.previousHash())
        .put("statement_count", b.statementCount())
        .put("merkle_root", b.merkleRoot())
        .put("first_statement_id", b.firstStatementId())
        .put("last_statement_id", b.lastStatementId())
        .toBuffer()
        .getBytes();
  }

  @Test
  void everyLedgerBlockEncodesAsJacksonDoes() {
    for (Block b : MathLedger.generate().blocks()) {
      assertArrayEquals(generic(b), b.json(), b::toString);
    }
  }

  @Test
  void extremeNumbersAndEscapedStringsEncodeAsJacksonDoes() {
    Block tricky =
        new Block(Integer.MIN_VALUE, "q\"b\\s", "\u0000\u001f\n", Integer.MAX_VALUE, "é \uD83D\uDE00", -1, 0);
    assertArrayEquals(generic(tricky), tricky.json(), () -> new String(generic(tricky)));
  }
}
