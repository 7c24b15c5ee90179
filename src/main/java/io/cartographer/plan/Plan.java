package io.cartographer.plan;

import java.net.URI;
import java.util.List;

/**
 * A validated plan: the target and, per endpoint, the variants to run, in the order they run.
 *
 * @param name names the plan in passports; baselines are looked up by it
 * @param baseUrl the target's base URL; variant paths are appended to it
 * @param metrics where the target's memory is read, or {@code null} when the plan names none
 * @param endpoints the endpoints in plan order, each with at least one variant
 * @param defaultThresholds the limits that apply where a variant sets none of its own
 * @param digest SHA-256 over everything that decides what the plan measures
 * @param connection TLS trust and HTTP version for the target
 */
public record Plan(
    String name,
    URI baseUrl,
    MetricsSource metrics,
    List<Endpoint> endpoints,
    Thresholds defaultThresholds,
    String digest,
    TargetConnection connection) {

  /** A plan that speaks HTTP/1.1 and trusts the JVM's CAs. */
  public Plan(
      String name,
      URI baseUrl,
      MetricsSource metrics,
      List<Endpoint> endpoints,
      Thresholds defaultThresholds,
      String digest) {
    this(name, baseUrl, metrics, endpoints, defaultThresholds, digest, TargetConnection.DEFAULT);
  }

  public Plan {
    endpoints = List.copyOf(endpoints);
    connection = connection == null ? TargetConnection.DEFAULT : connection;
  }

  /** All variants in the order they run. */
  public List<Variant> variants() {
    return endpoints.stream().flatMap(e -> e.variants().stream()).toList();
  }
}
