package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  @Test
  void parsesDurationsInEveryUnit() {
    assertEquals(Duration.ofNanos(250_000), Quantities.duration("250us"));
    assertEquals(Duration.ofMillis(500), Quantities.duration("500ms"));
    assertEquals(Duration.ofMillis(1500), Quantities.duration("1.5s"));
    assertEquals(Duration.ofMinutes(2), Quantities.duration("2m"));
    assertEquals(Duration.ofHours(1), Quantities.duration("1h"));
  }

  @Test
  void parsesBinaryAndDecimalSizes() {
    assertEquals(10L << 20, Quantities.bytes("10MiB"));
    assertEquals(512L << 10, Quantities.bytes("512KiB"));
    assertEquals(10_000_000L, Quantities.bytes("10MB"));
    assertEquals(100, Quantities.bytes("100B"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ms", "-1s", "1 ", "1e3ms", "10 s s", "400d"})
  void rejectsMalformedDurations(String text) {
    assertThrows(IllegalArgumentException.class, () -> Quantities.duration(text));
  }

  @Test
  void formatsDurationsAsPlansWriteThem() {
    assertEquals("250ms", Quantities.format(Duration.ofMillis(250)));
    assertEquals("1.5s", Quantities.format(Duration.ofMillis(1500)));
    assertEquals("2m", Quantities.format(Duration.ofMinutes(2)));
    assertEquals("250us", Quantities.format(Duration.ofNanos(250_000)));
  }
}
