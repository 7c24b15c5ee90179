package io.cartographer.passport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the few fields of a passport file that listings, trends and retention need, streaming
 * through the bytes and skipping everything else (histograms, rounds, digests are most of a
 * passport). Never throws: a file that is not a passport of this schema becomes a damaged entry
 * with the reason.
 */
final class PassportScanner {

  private static final JsonFactory JSON = new JsonFactory();

  private PassportScanner() {}

  static IndexEntry scan(String id, byte[] bytes) {
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return IndexEntry.damaged(id, "not a JSON object");
      }
      Top top = new Top();
      readTop(p, top);
      if (p.nextToken() != null) {
        return IndexEntry.damaged(id, "does not parse: text after the end of the passport");
      }
      if (!Passport.SCHEMA.equals(top.schema)) {
        return IndexEntry.damaged(id, "schema is not " + Passport.SCHEMA);
      }
      if (!id.equals(top.id)) {
        return IndexEntry.damaged(id, "its id field does not match its file name");
      }
      Passport.Status status = named(Passport.Status.values(), top.status);
      io.cartographer.verdict.Verdict verdict = named(io.cartographer.verdict.Verdict.values(), top.verdict);
      if ((top.status != null && status == null) || (top.verdict != null && verdict == null)) {
        return IndexEntry.damaged(id, "its status or verdict is not one this schema has");
      }
      PassportListing listing =
          new PassportListing(
              id,
              top.runId,
              status,
              top.plan,
              top.startedAt,
              top.finishedAt,
              verdict,
              top.variants,
              top.failed,
              top.regressions(),
              null);
      return new IndexEntry(listing, List.copyOf(top.points));
    } catch (IOException | RuntimeException e) {
      return IndexEntry.damaged(id, "does not parse: " + where(e));
    }
  }

  private static final class Top {
    String schema;
    String id;
    String runId;
    String status;
    String plan;
    String startedAt;
    String finishedAt;
    String verdict;
    Integer variants;
    Integer failed;
    Integer performanceRegressions;
    Integer memoryRegressions;
    final List<IndexEntry.VariantPoint> points = new ArrayList<>();

    Integer regressions() {
      if (performanceRegressions == null && memoryRegressions == null) {
        return null;
      }
      return (performanceRegressions == null ? 0 : performanceRegressions)
          + (memoryRegressions == null ? 0 : memoryRegressions);
    }
  }

  private static void readTop(JsonParser p, Top top) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "schema" -> top.schema = text(p, value);
        case "id" -> top.id = text(p, value);
        case "run_id" -> top.runId = text(p, value);
        case "status" -> top.status = text(p, value);
        case "started_at" -> top.startedAt = text(p, value);
        case "finished_at" -> top.finishedAt = text(p, value);
        case "plan" -> {
          if (value == JsonToken.START_OBJECT) {
            readFields(p, (name, v) -> {
              if (name.equals("name")) {
                top.plan = text(p, v);
              } else {
                p.skipChildren();
              }
            });
          } else {
            p.skipChildren();
          }
        }
        case "summary" -> readSummary(p, value, top);
        case "test_results" -> readResults(p, value, top.points);
        default -> p.skipChildren();
      }
    }
  }

  private static void readSummary(JsonParser p, JsonToken value, Top top) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    readFields(p, (name, v) -> {
      switch (name) {
        case "verdict" -> top.verdict = text(p, v);
        case "variants" -> top.variants = integer(p, v);
        case "failed" -> top.failed = integer(p, v);
        case "performance_regressions" -> top.performanceRegressions = integer(p, v);
        case "memory_regressions" -> top.memoryRegressions = integer(p, v);
        default -> p.skipChildren();
      }
    });
  }

  private static void readResults(JsonParser p, JsonToken value, List<IndexEntry.VariantPoint> out)
      throws IOException {
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      Result r = new Result();
      readFields(p, (name, v) -> {
        switch (name) {
          case "endpoint" -> r.endpoint = text(p, v);
          case "variant" -> r.variant = text(p, v);
          case "verdict" -> r.verdict = text(p, v);
          case "throughput_rps" -> r.throughput = number(p, v);
          case "error_rate" -> r.errorRate = number(p, v);
          case "latency_ms" -> readObject(p, v, (n, x) -> {
            if (n.equals("p50")) {
              r.p50 = number(p, x);
            } else if (n.equals("p99")) {
              r.p99 = number(p, x);
            } else {
              p.skipChildren();
            }
          });
          case "memory" -> readObject(p, v, (n, x) -> {
            if (n.equals("target")) {
              readObject(p, x, (m, y) -> {
                if (m.equals("peak_bytes")) {
                  r.memoryPeak = number(p, y);
                } else if (m.equals("delta_bytes")) {
                  r.memoryDelta = number(p, y);
                } else {
                  p.skipChildren();
                }
              });
            } else {
              p.skipChildren();
            }
          });
          case "target_efficiency" -> readObject(p, v, (n, x) -> {
            switch (n) {
              case "cpu_seconds_per_1k_requests" -> r.cpuMsPerRequest = number(p, x);
              case "alloc_per_request" -> r.alloc = number(p, x);
              case "alloc_unit" -> r.allocUnit = text(p, x);
              default -> p.skipChildren();
            }
          });
          case "comparison" -> readObject(p, v, (n, x) -> {
            if (n.equals("metrics") && x == JsonToken.START_ARRAY) {
              JsonToken metric;
              while ((metric = p.nextToken()) != JsonToken.END_ARRAY) {
                readObject(p, metric, (m, y) -> {
                  if (m.equals("finding") && "regression".equals(text(p, y))) {
                    r.regression = true;
                  } else {
                    p.skipChildren();
                  }
                });
              }
            } else {
              p.skipChildren();
            }
          });
          default -> p.skipChildren();
        }
      });
      if (r.endpoint != null && r.variant != null) {
        out.add(
            new IndexEntry.VariantPoint(
                r.endpoint.intern(), r.variant.intern(), named(io.cartographer.verdict.VariantVerdict.Result.values(), r.verdict), r.p50, r.p99, r.throughput, r.errorRate,
                r.memoryPeak, r.memoryDelta, r.cpuMsPerRequest, "bytes".equals(r.allocUnit) ? r.alloc : null,
                r.regression));
      }
    }
  }

  /** The constant whose JSON name is {@code text}, or {@code null}. */
  private static <E extends Enum<E>> E named(E[] constants, String text) {
    if (text == null) {
      return null;
    }
    for (E constant : constants) {
      if (text.equals(JSON_NAMES.computeIfAbsent(constant, PassportScanner::jsonName))) {
        return constant;
      }
    }
    return null;
  }

  private static final java.util.Map<Enum<?>, String> JSON_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

  private static String jsonName(Enum<?> constant) {
    String written = new String(PassportJson.writeValue(constant), java.nio.charset.StandardCharsets.UTF_8);
    return written.substring(1, written.length() - 1);
  }

  private static final class Result {
    String endpoint;
    String variant;
    String verdict;
    Double p50;
    Double p99;
    Double throughput;
    Double errorRate;
    Double memoryPeak;
    Double memoryDelta;
    /** CPU seconds per 1,000 requests, which are milliseconds per request. */
    Double cpuMsPerRequest;
    Double alloc;
    String allocUnit;
    boolean regression;
  }

  @FunctionalInterface
  private interface FieldReader {
    void read(String name, JsonToken value) throws IOException;
  }

  /** Calls {@code reader} for each field of the object just opened, with its value's token. */
  private static void readFields(JsonParser p, FieldReader reader) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      reader.read(name, p.nextToken());
    }
  }

  private static void readObject(JsonParser p, JsonToken value, FieldReader reader) throws IOException {
    if (value == JsonToken.START_OBJECT) {
      readFields(p, reader);
    } else {
      p.skipChildren();
    }
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static Integer integer(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
      return p.getIntValue();
    }
    p.skipChildren();
    return null;
  }

  private static Double number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      return Double.isFinite(d) ? d : null;
    }
    p.skipChildren();
    return null;
  }

  /**
   * Where the text stopped being a passport, without quoting it: a file on the volume may hold
   * anything (another process's secrets among them), and the reason is served to anyone who lists.
   */
  private static String where(Exception e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
      return "not valid JSON at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
    }
    return "not a passport of this schema";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
