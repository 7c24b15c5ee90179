package io.cartographer.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Checks passports against the JSON Schema shipped in the jar. */
public final class PassportSchema {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA = load();

  private PassportSchema() {}

  private static JsonSchema load() {
    try (InputStream in = PassportSchema.class.getResourceAsStream("/passport.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about {@code passport}; empty when it is valid. */
  public static Set<ValidationMessage> problems(byte[] passport) throws IOException {
    JsonNode node = JSON.readTree(passport);
    return SCHEMA.validate(node);
  }

  public static JsonNode assertValid(byte[] passport) throws IOException {
    Set<ValidationMessage> problems = problems(passport);
    assertTrue(problems.isEmpty(), () -> "passport violates its schema: " + problems);
    return JSON.readTree(passport);
  }

  public static JsonNode assertValid(Path passport) throws IOException {
    return assertValid(Files.readAllBytes(passport));
  }
}
