package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementsBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static MathLedger ledger;
  private static StatementsBody body;

  @BeforeAll
  static void buildLedger() {
    ledger = MathLedger.generate();
    body = new StatementsBody(StatementsBody.Joined.of(ledger.statementJson()));
  }

  private static JsonNode firstAsJson(int n) throws IOException {
    Buffer joined = Buffer.buffer();
    body.first(n).forEach(joined::appendBuffer);
    return JSON.readTree(joined.getBytes());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 100, 9_999, 10_000})
  void sliceIsValidJsonWithExactlyNStatements(int n) throws IOException {
    JsonNode json = firstAsJson(n);

    assertEquals(n, json.get("count").asInt());
    assertEquals(n, json.get("statements").size());
    for (int i = 0; i < n; i++) {
      assertEquals(i + 1, json.get("statements").get(i).get("id").asInt());
    }
  }

  @Test
  void statementsCarryTheirFieldsInSnakeCase() throws IOException {
    Statement first = ledger.statements().get(0);

    JsonNode json = firstAsJson(1).get("statements").get(0);

    assertEquals(first.block(), json.get("block").asInt());
    assertEquals(first.account(), json.get("account").asText());
    assertEquals(first.amountCents(), json.get("amount_cents").asLong());
    assertEquals(first.currency(), json.get("currency").asText());
    assertEquals(first.memo(), json.get("memo").asText());
  }

  @Test
  void tenThousandStatementsAreAboutOneMegabyte() {
    int bytes = body.first(body.size()).stream().mapToInt(Buffer::length).sum();

    assertEquals(MathLedger.STATEMENT_COUNT, body.size());
    assertEquals(1.0, bytes / 1_000_000.0, 0.3);
  }
}
