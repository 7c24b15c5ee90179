package io.cartographer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementLimitTest {

  @Test
  void absentLimitMeansOneHundred() {
    assertEquals(100, StatementLimit.parse(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "100", "10000", "00042"})
  void wholeNumbersFromZeroToTenThousandAreTaken(String text) {
    assertEquals(Integer.parseInt(text), StatementLimit.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "10001", "abc", "1e3", "", "+5", " 5", "1.0", "99999999999"})
  void anythingElseIsRejectedWithTheClientMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StatementLimit.parse(text));

    assertEquals(
        "limit must be a whole number from 0 to 10000, got '" + text + "'", e.getMessage());
  }
}
