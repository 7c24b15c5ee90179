package io.cartographer.passport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/** The one JSON form of passports: snake_case keys, nulls written, pretty-printed. */
public final class PassportJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private PassportJson() {}

  public static byte[] write(Passport passport) {
    try {
      return MAPPER.writeValueAsBytes(passport);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("passport cannot be serialised: " + e.getMessage(), e);
    }
  }

  /** Any value in the same JSON form. */
  public static byte[] writeValue(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot be serialised: " + e.getMessage(), e);
    }
  }

  /**
   * Parses passport bytes into a tree.
   *
   * @throws IOException when the bytes are not JSON
   */
  public static JsonNode read(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }
}
