package io.cartographer.plan;

import java.util.Map;

/**
 * One load test of one endpoint, with the plan defaults already applied.
 *
 * @param endpoint name of the endpoint it belongs to
 * @param name unique within its endpoint
 * @param family free label used to group results (basic, edge, large, stress, ...)
 * @param method HTTP method, upper case
 * @param pathAndQuery request target sent to the server, e.g. {@code /statements?limit=10}
 * @param headers request headers (plan defaults merged with the variant's own)
 * @param body request body, or {@code null} for none
 * @param expectedStatus the status a successful response has; any other is a status error
 * @param determinism whether and how response bodies are compared for sameness
 * @param tolerances how much worse each metric may get before it can count as a regression
 * @param httpVersion the HTTP version the plan's target is spoken to in; part of the definition,
 *     since HTTP/2 and HTTP/1.1 measurements are not comparable
 */
public record Variant(
    String endpoint,
    String name,
    String family,
    String method,
    String pathAndQuery,
    Map<String, String> headers,
    String body,
    int expectedStatus,
    LoadSettings load,
    Thresholds thresholds,
    Determinism determinism,
    Tolerances tolerances,
    HttpProtocol httpVersion) {
  public Variant {
    headers = Map.copyOf(headers);
    httpVersion = httpVersion == null ? HttpProtocol.HTTP_1_1 : httpVersion;
  }

  /** {@code endpoint/name}: unique within a plan. */
  public String key() {
    return endpoint + "/" + name;
  }

  /** SHA-256 of {@link #definition()}: equal digests mean comparable measurements. */
  public String definitionDigest() {
    return Sha256.hex(definition());
  }

  /**
   * The digest this same definition had before {@value VariantDefinition#VERSION}: a baseline
   * stored with it is as comparable as one with {@link #definitionDigest()}.
   */
  public String formerDefinitionDigest() {
    return Sha256.hex(VariantDefinition.former(this));
  }

  /** The canonical text of everything that decides what this variant measures ({@link VariantDefinition}). */
  public String definition() {
    return VariantDefinition.canonical(this);
  }
}
