package io.cartographer.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the fields of one object of a plan document, recording a problem with the field's full
 * path for anything missing, mistyped or out of range instead of stopping at the first one. A
 * getter returns {@code null} when the field is absent or wrong; the caller then skips what
 * depends on it while the problem list explains why.
 */
final class PlanFields {

  private final JsonNode node;
  private final String path;
  private final List<PlanProblem> problems;

  private PlanFields(JsonNode node, String path, List<PlanProblem> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The document's root object, or {@code null} (with a problem) when it is not an object. */
  static PlanFields root(JsonNode node, List<PlanProblem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new PlanProblem("(plan)", "must be a mapping of fields, found " + kind(node)));
      return null;
    }
    return new PlanFields(node, "", problems);
  }

  String path() {
    return path.isEmpty() ? "(plan)" : path;
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(new PlanProblem(pathOf(key), message));
  }

  void problemHere(String message) {
    problems.add(new PlanProblem(path(), message));
  }

  /** Whether a problem was already reported for {@code key} here or in the plan's defaults. */
  boolean reported(String key) {
    return problems.stream()
        .anyMatch(p -> p.path().equals(pathOf(key)) || p.path().equals("defaults." + key));
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /** Reports every key not listed, so a typo never passes silently. */
  void allowOnly(String... keys) {
    List<String> allowed = Arrays.asList(keys);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        String near = closest(key, allowed);
        problem(key, "unknown field" + (near == null ? "" : "; did you mean '" + near + "'?")
            + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  /** The allowed key nearest to {@code key} (at most 2 edits, or a third of it), if one is. */
  static String closest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = Math.max(2, key.length() / 3) + 1;
    for (String candidate : allowed) {
      int d = editDistance(key.toLowerCase(java.util.Locale.ROOT), candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  PlanFields object(String key, boolean required) {
    JsonNode v = value(key, required);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      problem(key, "must be a mapping of fields, found " + kind(v));
      return null;
    }
    return new PlanFields(v, pathOf(key), problems);
  }

  /** The objects of a list field; {@code null} when absent or not a list. */
  List<PlanFields> objects(String key, boolean required) {
    JsonNode v = value(key, required);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      problem(key, "must be a list, found " + kind(v));
      return null;
    }
    if (v.isEmpty()) {
      problem(key, "must not be empty");
      return null;
    }
    List<PlanFields> items = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      JsonNode item = v.get(i);
      if (item.isObject()) {
        items.add(new PlanFields(item, itemPath, problems));
      } else {
        problems.add(new PlanProblem(itemPath, "must be a mapping of fields, found " + kind(item)));
      }
    }
    return items;
  }

  String text(String key, boolean required) {
    JsonNode v = value(key, required);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      problem(key, "must be text, found " + kind(v));
      return null;
    }
    if (v.asText().isBlank()) {
      problem(key, "must not be blank");
      return null;
    }
    return v.asText();
  }

  /** A single value taken as its text, so that {@code 2} and {@code "2"} read alike. */
  String scalar(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      problem(key, "must be a single value, found " + kind(v));
      return null;
    }
    return v.asText();
  }

  Long whole(String key, long min, long max) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      problem(key, "must be a whole number, found " + kind(v));
      return null;
    }
    long n = v.asLong();
    if (n < min) {
      problem(key, "must be >= " + min);
      return null;
    }
    if (n > max) {
      problem(key, "must be <= " + max);
      return null;
    }
    return n;
  }

  Double fraction(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      problem(key, "must be a number from 0 to 1, found " + kind(v));
      return null;
    }
    double d = v.asDouble();
    if (!(d >= 0 && d <= 1)) {
      problem(key, "must be a number from 0 to 1, found " + v.asText());
      return null;
    }
    return d;
  }

  Boolean bool(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      problem(key, "must be true or false, found " + kind(v));
      return null;
    }
    return v.asBoolean();
  }

  /** A list of non-blank texts; empty when absent or wrong. */
  List<String> texts(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      problem(key, "must be a list of text, found " + kind(v));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item.isTextual() && !item.asText().isBlank()) {
        out.add(item.asText());
      } else {
        problems.add(new PlanProblem(pathOf(key) + "[" + i + "]", "must be non-blank text, found " + kind(item)));
      }
    }
    return out;
  }

  /** A rate such as {@code 2000/s} or {@code 120/m}, in requests per second. */
  Double rate(String key) {
    Double perSecond = parsed(key, Quantities::rate, "a rate such as 2000/s or 120/m");
    if (perSecond != null && !(perSecond > 0 && perSecond <= 1_000_000)) {
      problem(key, "must be more than 0/s and at most 1000000/s");
      return null;
    }
    return perSecond;
  }

  /** A rate as {@link #rate}, where {@code 0/s} is allowed too (a ramp from or down to nothing). */
  Double rateOrZero(String key) {
    Double perSecond = parsed(key, Quantities::rate, "a rate such as 2000/s or 120/m");
    if (perSecond != null && !(perSecond >= 0 && perSecond <= 1_000_000)) {
      problem(key, "must be from 0/s to 1000000/s");
      return null;
    }
    return perSecond;
  }

  Duration duration(String key, Duration min, Duration max) {
    Duration d = parsed(key, Quantities::duration, "a duration such as 500ms or 10s");
    if (d == null) {
      return null;
    }
    if (d.compareTo(min) < 0) {
      problem(key, "must be at least " + Quantities.format(min));
      return null;
    }
    if (d.compareTo(max) > 0) {
      problem(key, "must be at most " + Quantities.format(max));
      return null;
    }
    return d;
  }

  /** Memory growth such as {@code 1KiB/request}, in bytes per request. */
  Double growth(String key) {
    return parsed(key, Quantities::growth, "a growth such as 1KiB/request or 1MiB/1000requests");
  }

  /** A count per request such as {@code 1/1000requests}. */
  Double countPerRequest(String key) {
    return parsed(key, Quantities::countPerRequest, "a count per request such as 1/1000requests or 0.01/request");
  }

  Long size(String key, long min, long max) {
    Long n = parsed(key, Quantities::bytes, "a size such as 512KiB or 10MiB");
    if (n == null) {
      return null;
    }
    if (n < min || n > max) {
      problem(key, "must be from " + min + " to " + max + " bytes");
      return null;
    }
    return n;
  }

  /** A mapping of text to text, such as headers; numbers and booleans are taken as their text. */
  Map<String, String> textMap(String key) {
    JsonNode v = value(key, false);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      problem(key, "must be a mapping of names to values, found " + kind(v));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isValueNode() && !value.isNull()) {
                out.put(e.getKey(), value.asText());
              } else {
                problems.add(
                    new PlanProblem(
                        pathOf(key) + "." + e.getKey(), "must be a single value, found " + kind(value)));
              }
            });
    return out;
  }

  private <T> T parsed(String key, Function<String, T> parser, String expected) {
    JsonNode v = value(key, false);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      problem(key, "must be " + expected + ", found " + kind(v));
      return null;
    }
    try {
      return parser.apply(v.asText());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  private JsonNode value(String key, boolean required) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problem(key, "is required");
      }
      return null;
    }
    return v;
  }

  private static String kind(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return "text '" + v.asText() + "'";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    return "the number " + v.asText();
  }
}
