package io.cartographer.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * {@code run --push-gateway URL}: a one-shot run exposes no metrics (nothing listens), so, as the
 * Prometheus convention for batch jobs has it, it pushes its results to a Pushgateway: the {@code
 * cartographer_*} series of the finished run (text format 0.0.4), with one PUT to {@code
 * URL/metrics/job/cartographer/plan/PLAN}, which replaces the group's previous push.
 */
final class PushGateway {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Series of a live process, meaningless once the run has ended. */
  private static final Set<String> LIVE_ONLY = Set.of("cartographer_run_in_progress");

  private PushGateway() {}

  /**
   * The group URL of {@code plan} under the gateway at {@code url}.
   *
   * @throws IllegalArgumentException when {@code url} is not an http(s) URL with a host
   */
  static URI group(String url, String plan) {
    URI base = HttpUrl.parse("--push-gateway", url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    if (base.getRawQuery() != null) {
      throw new IllegalArgumentException("--push-gateway takes the gateway's URL without a query, e.g. http://pushgateway:9091,"
          + " not '" + url + "'");
    }
    return URI.create(base + "/metrics/job/cartographer/plan/" + URLEncoder.encode(plan, StandardCharsets.UTF_8));
  }

  /** The {@code cartographer_*} families of an exposition in text format 0.0.4, in their order. */
  static String cartographerFamilies(String exposition) {
    StringBuilder kept = new StringBuilder();
    for (String line : exposition.lines().toList()) {
      String name = line.startsWith("# HELP ") || line.startsWith("# TYPE ")
          ? line.substring(7).split(" ", 2)[0]
          : line.split("[{ ]", 2)[0];
      if (name.startsWith("cartographer_") && !LIVE_ONLY.contains(name)) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /**
   * PUTs {@code body} to {@code group}.
   *
   * @throws IOException when the gateway cannot be reached or answers other than 2xx
   */
  static void push(URI group, String body) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(group).timeout(TIMEOUT)
        .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      String said = answer.body().strip();
      throw new IOException("the gateway answered " + answer.statusCode()
          + (said.isEmpty() ? "" : ": " + said.substring(0, Math.min(200, said.length()))));
    }
  }
}
