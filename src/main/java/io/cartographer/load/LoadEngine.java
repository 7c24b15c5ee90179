package io.cartographer.load;

import io.cartographer.plan.HttpProtocol;
import io.cartographer.plan.LoadModel;
import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.ShardSplit;
import io.cartographer.plan.TargetConnection;
import io.cartographer.plan.TlsSettings;
import io.cartographer.plan.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a variant: a warm-up phase that is not recorded, then the measured phase on the same
 * connections. HTTP/1.1 runs on the lean {@link Http1Transport}; HTTP/2 on one Vert.x client per
 * variant whose pool is sized to the variant's concurrency (the Vert.x default of 5 per host would
 * silently cap it).
 */
@ApplicationScoped
public class LoadEngine {

  private final VertxInternal vertx;
  /** Cuts each measured phase into seconds ({@link TimelineRecorder}), off the event loops. */
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cartographer-timeline");
        thread.setDaemon(true);
        return thread;
      });

  public LoadEngine(Vertx vertx) {
    this.vertx = (VertxInternal) vertx;
  }

  @PreDestroy
  void stopTicker() {
    ticker.shutdownNow();
  }

  /**
   * Warms the probe's own request path up, once per process ({@link SelfWarmUp}): call it before
   * the first variant is measured. The stage completes, and never fails, when that is done.
   *
   * @param requests requests the probe sends itself; 0 skips the warm-up
   */
  public CompletionStage<Void> warmUpOnce(long requests) {
    return SelfWarmUp.once(vertx, this, requests);
  }

  /**
   * Loads {@code variant} on the target at {@code baseUrl}. Never fails for anything the target
   * does: refused connections, timeouts and bad responses are counted in the result.
   *
   * @param live updated as recorded requests complete, for progress reports
   */
  public CompletionStage<VariantResult> run(URI baseUrl, Variant variant, LiveCounters live) {
    return run(baseUrl, variant, live, TargetConnection.DEFAULT);
  }

  /**
   * Loads {@code variant} as {@link #run(URI, Variant, LiveCounters)} does, trusting the
   * certificates and speaking the HTTP version that {@code connection} names.
   */
  public CompletionStage<VariantResult> run(
      URI baseUrl, Variant variant, LiveCounters live, TargetConnection connection) {
    LoadSettings load = variant.load();
    boolean open = load.model() == LoadModel.OPEN;
    int inFlight = open ? load.maxConnections() : load.peakConcurrency();
    Transport transport = transport(baseUrl, variant, connection, inFlight);
    int loops = Math.min(inFlight, EventLoops.of(vertx));
    List<ContextInternal> contexts = new ArrayList<>(loops);
    for (int i = 0; i < loops; i++) {
      contexts.add(vertx.createEventLoopContext());
    }
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < (open ? loops : inFlight); i++) {
      senders.add(transport.newSender());
    }
    RequestTemplate template =
        new RequestTemplate(
            vertx,
            List.copyOf(contexts),
            List.copyOf(senders),
            variant.expectedStatus(),
            Math.max(1, load.timeout().toMillis()),
            load.maxBodyBytes(),
            variant.determinism());
    RampSchedule ramp = RampSchedule.of(load);
    // the variant stops when the run does, or when a window limit that aborts is breached
    StopSignal stop = new StopSignal();
    live.stop().requested().thenAccept(stop::request);
    WindowWatch windows = new WindowWatch(variant.thresholds().windowLimits(), (limit, why) -> {
      String reason = "abort-on-fail: " + variant.key() + ": " + why;
      if (limit.abort() == io.cartographer.plan.WindowThreshold.Scope.RUN) {
        live.stop().request(reason);
      } else {
        stop.request(reason);
      }
    });
    TimelineRecorder timeline = new TimelineRecorder(contexts.size(), live, variant.key(), ramp, windows);
    Future<VariantResult> result =
        phase(template, load, load.warmup(), -1, null, stop, null, null)
            .compose(warm -> {
              live.measuredPhaseStarted();
              timeline.start(ticker);
              Instant started = Instant.now();
              if (load.searchesCapacity()) {
                return new CapacitySearch(new OpenLoop(template), load, variant.thresholds(), live, stop, timeline).run()
                    .map(searched -> new Measured(started, warm, List.of(searched.figures()), searched));
              }
              return rounds(template, load, live, started, warm, timeline, ramp, stop);
            })
            .map(r -> result(variant, r, timeline.finish(), ramp, windows.outcomes(), stop.reason()))
            .eventually(v -> {
              timeline.finish(); // stops its ticks on a failed phase too
              return transport.close();
            });
    return result.toCompletionStage();
  }

  /**
   * HTTP/1.1 goes over the lean transport; HTTP/2 (h2c, or ALPN over TLS) over the Vert.x client,
   * whose pool shares connections between streams.
   */
  private Transport transport(URI baseUrl, Variant variant, TargetConnection connection, int inFlight) {
    if (connection.httpVersion() == HttpProtocol.HTTP_2) {
      LoadSettings load = variant.load();
      HttpClient client =
          vertx.createHttpClient(clientOptions(baseUrl, load, connection, inFlight), poolOptions(inFlight));
      return new VertxHttpTransport(
          client, requestOptions(baseUrl, variant), variant.body() == null ? null : Buffer.buffer(variant.body()));
    }
    return new Http1Transport(vertx, baseUrl, variant, connection);
  }

  /** The measured phase, round after round, each with its share of the requests or duration. */
  private Future<Measured> rounds(
      RequestTemplate template, LoadSettings load, LiveCounters live, Instant started, Phase warm,
      TimelineRecorder timeline, RampSchedule ramp, StopSignal stop) {
    Future<List<Phase>> done = Future.succeededFuture(new ArrayList<>());
    int rounds = load.rounds();
    for (int r = 0; r < rounds; r++) {
      int round = r;
      done =
          done.compose(
              phases -> {
                long share =
                    load.model() == LoadModel.OPEN
                        ? ShardSplit.part(load.intendedRequests(), round, rounds)
                        : load.countBound() ? ShardSplit.part(load.requests(), round, rounds) : -1;
                long nanos = load.duration() == null ? 0 : ShardSplit.part(load.duration().toNanos(), round, rounds);
                if (ramp != null) {
                  // a staged load is one round: its stages follow each other with no pause
                  share = load.model() == LoadModel.OPEN ? ramp.requests() : -1;
                  nanos = ramp.nanos();
                }
                return phase(template, load, share, nanos, live, stop, timeline, ramp)
                    .map(
                        phase -> {
                          phases.add(phase);
                          live.roundEnded();
                          return phases;
                        });
              });
    }
    return done.map(phases -> new Measured(started, warm, phases, null));
  }

  /** The measured phase: its rounds, or a capacity search's step whose figures are the variant's. */
  private record Measured(Instant started, Phase warm, List<Phase> rounds, CapacitySearch.Searched capacity) {}

  /**
   * Runs {@code requests} requests; in the closed model {@code -1} runs for {@code nanos} instead.
   */
  private Future<Phase> phase(
      RequestTemplate template,
      LoadSettings load,
      long requests,
      long nanos,
      LiveCounters live,
      StopSignal stop,
      TimelineRecorder timeline,
      RampSchedule ramp) {
    if (load.model() == LoadModel.OPEN) {
      // the warm-up (no ramp) runs at the load's start rate, or a staged load's first one above 0
      return new OpenLoop(template)
          .run(
              new OpenLoop.Schedule(
                  ramp == null ? load.warmupRate() : 0, requests, load.maxConnections(), load.lateTolerance().toNanos(), ramp),
              live,
              stop,
              timeline);
    }
    long deadline = requests < 0 ? System.nanoTime() + nanos : 0;
    int lanes = ramp == null ? load.concurrency() : load.peakConcurrency();
    return new ClosedLoop(template).run(lanes, requests, deadline, live, stop, timeline, ramp);
  }

  private static VariantResult result(
      Variant variant, Measured measured, Timeline timeline, RampSchedule ramp, List<WindowOutcome> windows,
      String stoppedBecause) {
    List<Shard> all = measured.rounds().stream().flatMap(p -> p.shards.stream()).toList();
    Shard.Totals t = Shard.total(all);
    Shard.Totals warmup = Shard.total(measured.warm().shards);
    List<RoundFigures> rounds = new ArrayList<>();
    double seconds = 0;
    for (Phase phase : measured.rounds()) {
      Shard.Totals r = Shard.total(phase.shards);
      // a ramp's unmeasured stages take time the figures leave out
      double phaseSeconds = ramp == null ? phase.seconds() : Math.max(1e-9, phase.seconds() - ramp.unmeasuredNanos() / 1e9);
      rounds.add(new RoundFigures(r.requests(), r.requests() - r.succeeded(), phaseSeconds, r.latency()));
      seconds += phaseSeconds;
    }
    LoadSettings load = variant.load();
    CapacitySearch.Searched capacity = measured.capacity();
    long intended = load.model() != LoadModel.OPEN ? 0
        : capacity != null ? Math.max(1, Math.round(capacity.figuresRate() * load.capacity().step().toNanos() / 1e9))
        : ramp == null ? load.intendedRequests() : ramp.measuredRequests();
    double requestedRps = capacity != null ? capacity.figuresRate()
        : ramp == null ? (load.rate() == null ? 0 : load.rate())
        : intended / Math.max(1e-9, (ramp.nanos() - ramp.unmeasuredNanos()) / 1e9);
    OpenModelCounts open =
        load.model() == LoadModel.OPEN
            ? new OpenModelCounts(requestedRps, intended, intended - t.dropped(), t.late(), t.dropped())
            : null;
    return new VariantResult(
        variant,
        measured.started(),
        Instant.now(),
        t.requests(),
        warmup.requests(),
        t.succeeded(),
        t.errors(),
        t.errorSamples(),
        t.statusCounts(),
        t.httpVersions(),
        seconds,
        t.bytes(),
        t.latency(),
        t.serviceTime(),
        t.ttfb(),
        t.sizes(),
        new BodyDigests(
            variant.determinism().check(), t.digests().size(), t.moreDigestsThanCounted(), t.digests()),
        open,
        rounds,
        timeline,
        windows,
        stoppedBecause,
        capacity == null ? null : capacity.outcome());
  }

  /**
   * The client's options.
   *
   * @param inFlight requests the variant keeps in flight at most (concurrency or max-connections)
   */
  static HttpClientOptions clientOptions(
      URI baseUrl, LoadSettings load, TargetConnection connection, int inFlight) {
    boolean tls = tls(baseUrl);
    int connectTimeout = connectTimeoutMillis(load);
    HttpClientOptions options =
        new HttpClientOptions()
            .setDefaultHost(baseUrl.getHost())
            .setDefaultPort(port(baseUrl))
            .setSsl(tls)
            .setKeepAlive(true)
            .setPipelining(false)
            .setTcpNoDelay(true)
            .setConnectTimeout(connectTimeout)
            .setTryUseCompression(false);
    connection.tls().applyTo(options);
    if (connection.httpVersion() == HttpProtocol.HTTP_2) {
      options
          .setProtocolVersion(HttpVersion.HTTP_2)
          .setHttp2MultiplexingLimit(streamsPerConnection(inFlight));
      if (tls) {
        options.setUseAlpn(true);
      } else {
        options.setHttp2ClearTextUpgrade(false);
      }
    }
    return options;
  }

  /**
   * HTTP/2 streams allowed per connection. The pool opens another connection only when every open
   * one carries as many streams as allowed (this, or the server's SETTINGS_MAX_CONCURRENT_STREAMS
   * if lower). Spreading {@code inFlight} streams over as many connections as the load has event
   * loops keeps every loop busy, as HTTP/1.1 lanes do; a server that allows fewer streams gets more
   * connections, up to {@code inFlight}, so the requests in flight are never capped.
   */
  static int streamsPerConnection(int inFlight) {
    int loops = Math.min(inFlight, EventLoops.byDefault());
    return Math.max(1, (inFlight + loops - 1) / loops);
  }

  /** One connection per request in flight at most, whatever the HTTP version. */
  private static PoolOptions poolOptions(int inFlight) {
    return new PoolOptions().setHttp1MaxSize(inFlight).setHttp2MaxSize(inFlight);
  }

  private static RequestOptions requestOptions(URI baseUrl, Variant variant) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(variant.method()))
            .setHost(baseUrl.getHost())
            .setPort(port(baseUrl))
            .setSsl(tls(baseUrl))
            .setURI(variant.pathAndQuery());
    variant.headers().forEach(options::putHeader);
    return options;
  }

  static int port(URI baseUrl) {
    if (baseUrl.getPort() > 0) {
      return baseUrl.getPort();
    }
    return tls(baseUrl) ? 443 : 80;
  }

  static boolean tls(URI baseUrl) {
    return "https".equalsIgnoreCase(baseUrl.getScheme());
  }

  /** A connection must be open within the variant's timeout. */
  static int connectTimeoutMillis(LoadSettings load) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, load.timeout().toMillis()));
  }
}
