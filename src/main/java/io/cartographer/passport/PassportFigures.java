package io.cartographer.passport;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.load.Distribution;
import io.cartographer.verdict.RunFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/** Reads the figures comparisons need out of a stored passport. */
public final class PassportFigures {

  private PassportFigures() {}

  /** The figures of a run just measured, before it has a passport (every variant not yet judged clean). */
  public static RunFigures of(List<VariantOutcome> outcomes, RunFigures.Fingerprint fingerprint) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (VariantOutcome o : outcomes) {
      variants.put(o.result().variant().key(),
          RunFigures.VariantFigures.of(o.result(), o.target(), o.probe(), o.verdict().passed()));
    }
    return new RunFigures(null, fingerprint, variants);
  }

  /**
   * A stored passport's figures. A variant is clean when it passed its thresholds and its
   * comparison found no regression. The latency histogram is decoded only when asked for, and a
   * damaged one reads as absent.
   */
  public static RunFigures from(JsonNode passport) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (JsonNode r : passport.path("test_results")) {
      boolean regressed = StreamSupport.stream(r.at("/comparison/metrics").spliterator(), false)
          .anyMatch(m -> "regression".equals(m.path("finding").asText()));
      JsonNode probe = r.path("probe_resources");
      variants.put(
          r.path("endpoint").asText() + "/" + r.path("variant").asText(),
          new RunFigures.VariantFigures(
              r.path("definition_digest").isTextual() ? r.path("definition_digest").asText() : null,
              decimal(r.at("/latency_ms/p50")),
              decimal(r.at("/latency_ms/p99")),
              rounds(r, "p50_ms"),
              rounds(r, "p99_ms"),
              rounds(r, "throughput_rps"),
              r.path("requests").asLong(),
              r.path("failed").asLong(),
              number(r.at("/memory/target/peak_bytes")),
              number(r.at("/memory/target/delta_bytes")),
              latency(r.at("/histograms/latency/data")),
              new RunFigures.Environment(
                  probe.path("host_other_cpu_cores").isNumber() ? probe.path("host_other_cpu_cores").asDouble() : null,
                  probe.path("host_steal_cores").isNumber() ? probe.path("host_steal_cores").asDouble() : null,
                  r.path("probe_saturated").asBoolean()),
              "pass".equals(r.path("verdict").asText()) && !regressed));
    }
    JsonNode runsBefore = passport.at("/cartographer/process_runs_before");
    return new RunFigures(
        passport.path("id").asText(),
        new RunFigures.Fingerprint(
            passport.at("/cartographer/version").asText(),
            passport.at("/system_info/available_processors").asInt(),
            passport.at("/cartographer/runtime").asText(),
            runsBefore.isNumber() ? runsBefore.asInt() > 0 : null),
        variants);
  }

  private static Supplier<Distribution> latency(JsonNode data) {
    if (!data.isTextual()) {
      return () -> null;
    }
    String text = data.asText();
    return new Supplier<>() {
      private Distribution decoded;
      private boolean tried;

      @Override
      public synchronized Distribution get() {
        if (!tried) {
          tried = true;
          try {
            decoded = Distribution.decode(text);
          } catch (IllegalArgumentException e) {
            decoded = null;
          }
        }
        return decoded;
      }
    };
  }

  private static double[] rounds(JsonNode result, String field) {
    return StreamSupport.stream(result.path("rounds").spliterator(), false)
        .map(round -> round.path(field))
        .filter(JsonNode::isNumber)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }

  private static double decimal(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  private static Long number(JsonNode node) {
    return node.isNumber() ? node.asLong() : null;
  }
}
