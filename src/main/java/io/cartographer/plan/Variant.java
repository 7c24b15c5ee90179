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
    Determinism determinism) {

  public Variant {
    headers = Map.copyOf(headers);
  }

  /** {@code endpoint/name}: unique within a plan. */
  public String key() {
    return endpoint + "/" + name;
  }

  /**
   * A canonical text of everything that decides what this variant measures; two variants with the
   * same definition are comparable.
   */
  public String definition() {
    return String.join(
        "\n",
        key(),
        method,
        pathAndQuery,
        new java.util.TreeMap<>(headers).toString(),
        body == null ? "" : body,
        Integer.toString(expectedStatus),
        load.toString(),
        determinism.toString());
  }
}
