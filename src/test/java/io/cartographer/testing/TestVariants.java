package io.cartographer.testing;

import io.cartographer.plan.Determinism;
import io.cartographer.plan.HttpProtocol;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Thresholds;
import io.cartographer.plan.Tolerances;
import io.cartographer.plan.Variant;
import java.time.Duration;
import java.util.Map;

/**
 * The one way tests make variants and load settings without a plan file: a builder whose defaults
 * are one closed-model connection sending 100 GETs of {@code /} in one round, expecting 200, with
 * no thresholds. Tests that need a whole plan parse YAML with the real loader instead.
 */
public final class TestVariants {

  private TestVariants() {}

  /** Closed model: {@code concurrency} connections back to back. */
  public static LoadSettings closed(
      int concurrency, Long requests, Duration duration, int warmup, Duration timeout, long maxBodyBytes) {
    return new LoadSettings(LoadModel.CLOSED, concurrency, requests, duration, warmup, timeout, maxBodyBytes, null,
        64, Duration.ofMillis(2), 1);
  }

  /** Open model: {@code rate} requests per second for {@code duration}. */
  public static LoadSettings open(
      double rate, Duration duration, int maxConnections, int warmup, Duration timeout, long maxBodyBytes) {
    return new LoadSettings(LoadModel.OPEN, 1, null, duration, warmup, timeout, maxBodyBytes, rate, maxConnections,
        Duration.ofMillis(2), 1);
  }

  public static Builder variant() {
    return new Builder();
  }

  /** A variant, field by field. */
  public static final class Builder {
    private String endpoint = "e";
    private String name = "v";
    private String method = "GET";
    private String path = "/";
    private Map<String, String> headers = Map.of();
    private String body;
    private int expectedStatus = 200;
    private LoadSettings load = closed(1, 100L, null, 0, Duration.ofSeconds(5), 1L << 20);
    private Thresholds thresholds = Thresholds.NONE;
    private Determinism determinism = Determinism.DIGEST_BODIES;
    private HttpProtocol httpVersion = HttpProtocol.HTTP_1_1;

    private Builder() {}

    public Builder named(String endpointName, String variantName) {
      this.endpoint = endpointName;
      this.name = variantName;
      return this;
    }

    public Builder request(String httpMethod, String pathAndQuery) {
      this.method = httpMethod;
      this.path = pathAndQuery;
      return this;
    }

    public Builder headers(Map<String, String> requestHeaders) {
      this.headers = requestHeaders;
      return this;
    }

    public Builder body(String requestBody) {
      this.body = requestBody;
      return this;
    }

    public Builder expectedStatus(int status) {
      this.expectedStatus = status;
      return this;
    }

    public Builder load(LoadSettings settings) {
      this.load = settings;
      return this;
    }

    public Builder thresholds(Thresholds limits) {
      this.thresholds = limits;
      return this;
    }

    public Builder determinism(Determinism comparison) {
      this.determinism = comparison;
      return this;
    }

    public Builder httpVersion(HttpProtocol version) {
      this.httpVersion = version;
      return this;
    }

    public Variant build() {
      return new Variant(endpoint, name, "basic", method, path, headers, body, expectedStatus, load, thresholds,
          determinism, Tolerances.FIVE_PERCENT, httpVersion);
    }
  }
}
