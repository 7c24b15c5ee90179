package io.cartographer.passport;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one JSON form of passports: snake_case keys, nulls written, pretty-printed; and the one way
 * back into {@link Passport}. Reading ignores properties it does not know, so a newer probe's
 * files still load, and refuses a file whose properties are missing, {@code null} where {@link
 * Passport} does not allow it, or of another type (no text read as a number, no fraction cut to a
 * count), so a damaged file is reported as such and never read as zeros.
 */
public final class PassportJson {

  private static final Set<Class<?>> BOXED =
      Set.of(Double.class, Long.class, Integer.class, Boolean.class);

  private static final ObjectMapper MAPPER = mapper();

  private PassportJson() {}

  private static ObjectMapper mapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new NullsRefused())
            .build();
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /**
   * A property may be null or missing only when it is a boxed number or boolean, or marked {@link
   * Nullable}; elements of lists and values of maps never.
   */
  private static final class NullsRefused extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonSetter.Value findSetterInfo(Annotated member) {
      JsonSetter.Value declared = super.findSetterInfo(member);
      JsonSetter.Value content = declared.getContentNulls() == Nulls.DEFAULT
          ? declared.withContentNulls(Nulls.FAIL) : declared;
      if (declared.getValueNulls() != Nulls.DEFAULT
          || member.hasAnnotation(Nullable.class)
          || BOXED.contains(member.getRawType())) {
        return content;
      }
      return content.withValueNulls(Nulls.FAIL);
    }
  }

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
   * Reads passport bytes.
   *
   * @throws UnreadablePassportException when they are not JSON, not a passport of schema {@value
   *     Passport#SCHEMA}, or a passport with a property missing, null or of the wrong type; the
   *     message names the property
   */
  public static Passport read(byte[] bytes) throws UnreadablePassportException {
    return read(bytes, Passport.class);
  }

  /**
   * Reads a value of another type in the same JSON form, as strictly as a passport. The reason
   * given names the property and what was wrong with it, never its content: a file on the volume
   * may hold anything, and the reason may be served.
   */
  public static <T> T read(byte[] bytes, Class<T> type) throws UnreadablePassportException {
    T value;
    try {
      value = MAPPER.readValue(bytes, type);
    } catch (InvalidNullException e) {
      throw new UnreadablePassportException(where(e) + ": missing or null");
    } catch (InvalidFormatException e) {
      throw new UnreadablePassportException(where(e) + ": not a value " + typeName(e.getTargetType()) + " takes");
    } catch (MismatchedInputException e) {
      throw new UnreadablePassportException(where(e) + ": not " + typeName(e.getTargetType()));
    } catch (JsonMappingException e) {
      throw new UnreadablePassportException(where(e) + ": not a passport of schema " + Passport.SCHEMA);
    } catch (JsonProcessingException e) {
      throw new UnreadablePassportException(e.getLocation() == null
          ? "not valid JSON"
          : "not valid JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new UnreadablePassportException("not readable: " + e.getClass().getSimpleName());
    }
    if (value == null) {
      throw new UnreadablePassportException("not a JSON object");
    }
    if (value instanceof Passport p && !Passport.SCHEMA.equals(p.schema())) {
      throw new UnreadablePassportException("schema: not " + Passport.SCHEMA);
    }
    return value;
  }

  /** {@code test_results[2].latency_ms.p99}: where in the file the problem is. */
  private static String where(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining());
    return path.isEmpty() ? "the document" : path.startsWith(".") ? path.substring(1) : path;
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "the type it has";
    }
    if (type.isEnum()) {
      return "one of its names";
    }
    if (type == String.class) {
      return "text";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return type == boolean.class ? "true or false" : "a number (" + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  /** Bytes that are not a readable passport; the message says where and why. */
  public static final class UnreadablePassportException extends IOException {
    private static final long serialVersionUID = 1L;

    UnreadablePassportException(String message) {
      super(message);
    }
  }
}
