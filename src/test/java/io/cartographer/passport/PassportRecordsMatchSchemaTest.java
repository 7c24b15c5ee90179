package io.cartographer.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The records passports are read into and {@code passport.schema.json} describe one shape: the
 * same properties at every level, the same names for every state, and a property the schema lets
 * be null or absent is one the reader accepts as null. So a file the schema accepts is one the
 * reader reads, and the schema cannot drift from the code unnoticed.
 */
class PassportRecordsMatchSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  private static final Set<Class<?>> BOXED = Set.of(Double.class, Long.class, Integer.class, Boolean.class);

  /** Written always, but absent from passports of probes older than the property. */
  private static final Set<String> NULL_ONLY_IN_OLDER_FILES = Set.of("cartographer.process_runs_before");

  @Test
  void everyRecordComponentIsASchemaPropertyAndBack() throws Exception {
    JsonNode schema;
    try (InputStream in = getClass().getResourceAsStream("/passport.schema.json")) {
      schema = JSON.readTree(in);
    }
    List<String> problems = new ArrayList<>();
    compare(Passport.class, schema, "", problems);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static void compare(Class<?> record, JsonNode schema, String path, List<String> problems)
      throws Exception {
    JsonNode object = objectVariant(schema);
    JsonNode properties = object.path("properties");
    Set<String> required = new TreeSet<>();
    object.path("required").forEach(r -> required.add(r.asText()));
    Set<String> unread = new TreeSet<>();
    properties.fieldNames().forEachRemaining(unread::add);
    for (RecordComponent component : record.getRecordComponents()) {
      String name = name(component);
      String where = path.isEmpty() ? name : path + "." + name;
      unread.remove(name);
      JsonNode property = properties.path(name);
      if (property.isMissingNode()) {
        problems.add(where + ": in " + record.getSimpleName() + " but not in the schema");
        continue;
      }
      boolean schemaNullable = !required.contains(name) || allowsNull(property);
      boolean javaNullable = javaNullable(component);
      if (schemaNullable && !javaNullable) {
        problems.add(where + ": the schema lets it be null or absent, the reader refuses that");
      }
      if (javaNullable && !schemaNullable && !NULL_ONLY_IN_OLDER_FILES.contains(where)) {
        problems.add(where + ": the reader takes null, the schema requires a value");
      }
      descend(component.getGenericType(), property, where, problems);
    }
    unread.forEach(name -> problems.add((path.isEmpty() ? name : path + "." + name)
        + ": in the schema but not in " + record.getSimpleName()));
  }

  private static void descend(Type type, JsonNode property, String where, List<String> problems) throws Exception {
    if (type instanceof Class<?> c && c.isRecord()) {
      compare(c, property, where, problems);
    } else if (type instanceof Class<?> c && c.isEnum()) {
      Set<String> names = new TreeSet<>();
      for (Object constant : c.getEnumConstants()) {
        names.add(JSON.readTree(JSON.writeValueAsString(constant)).asText());
      }
      Set<String> allowed = new TreeSet<>();
      property.path("enum").forEach(v -> {
        if (!v.isNull()) {
          allowed.add(v.asText());
        }
      });
      if (!names.equals(allowed)) {
        problems.add(where + ": " + c.getSimpleName() + " writes " + names + ", the schema allows " + allowed);
      }
    } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      descend(p.getActualTypeArguments()[0], objectVariant(property).path("items"), where + "[]", problems);
    }
  }

  private static JsonNode objectVariant(JsonNode schema) {
    for (JsonNode option : schema.path("oneOf")) {
      if (!"null".equals(option.path("type").asText())) {
        return option;
      }
    }
    return schema;
  }

  private static boolean allowsNull(JsonNode property) {
    JsonNode type = property.path("type");
    boolean typed = type.isArray()
        ? java.util.stream.StreamSupport.stream(type.spliterator(), false).anyMatch(t -> t.asText().equals("null"))
        : type.asText().equals("null");
    boolean listed = java.util.stream.StreamSupport.stream(property.path("enum").spliterator(), false)
        .anyMatch(JsonNode::isNull);
    boolean option = java.util.stream.StreamSupport.stream(property.path("oneOf").spliterator(), false)
        .anyMatch(o -> o.path("type").asText().equals("null"));
    return typed || listed || option;
  }

  private static boolean javaNullable(RecordComponent component) {
    JsonSetter setter = field(component).getAnnotation(JsonSetter.class);
    return BOXED.contains(component.getType())
        || component.isAnnotationPresent(Nullable.class)
        || (setter != null && setter.nulls() == Nulls.AS_EMPTY);
  }

  private static String name(RecordComponent component) {
    JsonProperty explicit = field(component).getAnnotation(JsonProperty.class);
    return explicit != null ? explicit.value() : SNAKE.translate(component.getName());
  }

  /** Where Jackson's annotations, which do not target record components, end up. */
  private static java.lang.reflect.Field field(RecordComponent component) {
    try {
      return component.getDeclaringRecord().getDeclaredField(component.getName());
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPassportAsWrittenIsReadBackEqual() throws Exception {
    Passport written = io.cartographer.testing.TestPassports.passport(
        java.time.Instant.parse("2026-11-26T10:00:00Z"), "0000000a", 1, 1000, 2000, 90_000);
    Passport read = PassportJson.read(PassportJson.write(written));
    assertEquals(new String(PassportJson.write(written)), new String(PassportJson.write(read)));
  }
}
