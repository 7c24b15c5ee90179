package io.cartographer.passport;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.verdict.RunFigures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/** Reads the figures comparisons need out of a stored passport. */
public final class PassportFigures {

  private PassportFigures() {}

  /** The figures of a run just measured, before it has a passport. */
  public static RunFigures of(java.util.List<VariantOutcome> outcomes, RunFigures.Fingerprint fingerprint) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (VariantOutcome o : outcomes) {
      variants.put(o.result().variant().key(), RunFigures.VariantFigures.of(o.result(), o.target()));
    }
    return new RunFigures(null, fingerprint, variants);
  }

  public static RunFigures from(JsonNode passport) {
    Map<String, RunFigures.VariantFigures> variants = new LinkedHashMap<>();
    for (JsonNode r : passport.path("test_results")) {
      variants.put(
          r.path("endpoint").asText() + "/" + r.path("variant").asText(),
          new RunFigures.VariantFigures(
              r.path("definition_digest").isTextual() ? r.path("definition_digest").asText() : null,
              rounds(r, "p50_ms"),
              rounds(r, "p99_ms"),
              rounds(r, "throughput_rps"),
              r.path("requests").asLong(),
              r.path("failed").asLong(),
              number(r.at("/memory/target/peak_bytes")),
              number(r.at("/memory/target/delta_bytes"))));
    }
    return new RunFigures(
        passport.path("id").asText(),
        new RunFigures.Fingerprint(
            passport.at("/cartographer/version").asText(),
            passport.at("/system_info/available_processors").asInt(),
            passport.at("/cartographer/runtime").asText()),
        variants);
  }

  private static double[] rounds(JsonNode result, String field) {
    return StreamSupport.stream(result.path("rounds").spliterator(), false)
        .map(round -> round.path(field))
        .filter(JsonNode::isNumber)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }

  private static Long number(JsonNode node) {
    return node.isNumber() ? node.asLong() : null;
  }
}
