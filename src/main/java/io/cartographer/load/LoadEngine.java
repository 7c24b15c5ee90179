package io.cartographer.load;

import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Runs a variant: a warm-up phase that is not recorded, then the measured phase on the same
 * connections, from one client per variant whose pool is sized to the variant's concurrency (the
 * Vert.x default of 5 per host would silently cap it).
 */
@ApplicationScoped
public class LoadEngine {

  private final VertxInternal vertx;

  public LoadEngine(Vertx vertx) {
    this.vertx = (VertxInternal) vertx;
  }

  /**
   * Loads {@code variant} on the target at {@code baseUrl}. Never fails for anything the target
   * does: refused connections, timeouts and bad responses are counted in the result.
   *
   * @param live updated as recorded requests complete, for progress reports
   */
  public CompletionStage<VariantResult> run(URI baseUrl, Variant variant, LiveCounters live) {
    LoadSettings load = variant.load();
    HttpClient client =
        vertx.createHttpClient(clientOptions(baseUrl, load), poolOptions(load.concurrency()));
    ClosedLoop loop =
        new ClosedLoop(
            vertx,
            client,
            requestOptions(baseUrl, variant),
            variant.body() == null ? null : Buffer.buffer(variant.body()),
            variant.expectedStatus(),
            Math.max(1, load.timeout().toMillis()),
            load.maxBodyBytes());
    Future<VariantResult> result =
        loop.run(load.concurrency(), load.warmup(), 0, null)
            .compose(
                warm -> {
                  long deadline =
                      load.countBound() ? 0 : System.nanoTime() + load.duration().toNanos();
                  long budget = load.countBound() ? load.requests() : -1;
                  Instant measuredFrom = Instant.now();
                  return loop.run(load.concurrency(), budget, deadline, live)
                      .map(
                          phase ->
                              result(variant, measuredFrom, phase, Shard.total(warm.shards)));
                })
            .eventually(v -> client.close());
    return result.toCompletionStage();
  }

  private static VariantResult result(
      Variant variant, Instant started, ClosedLoop.Phase phase, Shard.Totals warmup) {
    Shard.Totals t = Shard.total(phase.shards);
    return new VariantResult(
        variant,
        started,
        Instant.now(),
        t.requests(),
        warmup.requests(),
        t.succeeded(),
        t.errors(),
        t.errorSamples(),
        t.statusCounts(),
        phase.seconds(),
        t.bytes(),
        LatencyDistribution.of(t.latency()));
  }

  private static HttpClientOptions clientOptions(URI baseUrl, LoadSettings load) {
    boolean tls = "https".equalsIgnoreCase(baseUrl.getScheme());
    int connectTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, load.timeout().toMillis()));
    return new HttpClientOptions()
        .setDefaultHost(baseUrl.getHost())
        .setDefaultPort(port(baseUrl))
        .setSsl(tls)
        .setKeepAlive(true)
        .setPipelining(false)
        .setTcpNoDelay(true)
        .setConnectTimeout(connectTimeout)
        .setTryUseCompression(false);
  }

  private static PoolOptions poolOptions(int concurrency) {
    return new PoolOptions().setHttp1MaxSize(concurrency).setHttp2MaxSize(concurrency);
  }

  private static RequestOptions requestOptions(URI baseUrl, Variant variant) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(variant.method()))
            .setHost(baseUrl.getHost())
            .setPort(port(baseUrl))
            .setSsl("https".equalsIgnoreCase(baseUrl.getScheme()))
            .setURI(variant.pathAndQuery());
    variant.headers().forEach(options::putHeader);
    return options;
  }

  private static int port(URI baseUrl) {
    if (baseUrl.getPort() > 0) {
      return baseUrl.getPort();
    }
    return "https".equalsIgnoreCase(baseUrl.getScheme()) ? 443 : 80;
  }
}
