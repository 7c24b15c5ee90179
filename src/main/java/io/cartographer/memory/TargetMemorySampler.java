package io.cartographer.memory;

import io.cartographer.plan.TlsSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the target's memory from its Prometheus or OpenMetrics endpoint before a variant, every
 * {@code interval} while it runs (on a Vert.x timer, off the request path), and after it. A
 * reading that fails (unreachable, not 200, malformed text, series missing) is counted with its
 * reason and never turned into a number.
 *
 * <p><b>Why so guarded.</b> The metrics URL may come from a plan sent over HTTP, and the endpoint
 * may be broken or hostile. So a scrape follows no redirect (a 3xx is a failed reading: the
 * allow-list checked the URL, not where it points to); reads the body as it streams and gives up
 * at {@link #MAX_BODY_BYTES} (announced or counted), so a huge or endless body never sits in the
 * heap; has one deadline for the whole exchange, not an idle timeout a slow drip could renew; and
 * never overlaps another scrape, so a slow endpoint costs skipped readings, not a pile of
 * connections. A reason that quotes the endpoint's text is cut to a short printable excerpt
 * before it can reach a passport.
 */
public final class TargetMemorySampler {

  static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);
  /** The largest metrics body read; {@link MetricsText} refuses more characters than this too. */
  static final int MAX_BODY_BYTES = MetricsText.MAX_CHARS;
  /** The longest reason kept for a failed reading; endpoint text within it is made printable. */
  static final int MAX_REASON_CHARS = 300;

  private static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

  private final Vertx vertx;
  private final HttpClient client;
  private final URI url;
  private final RequestOptions request;
  private final SeriesSelector selector;
  private final List<Long> readings = new ArrayList<>();
  private final List<TargetMemory.Reading> timed = new ArrayList<>();
  private final Long before;
  private final String beforeFailure;
  private String lastFailure;
  private int failures;
  private boolean periodicInFlight;
  private long timerId = -1;
  /** Requests the load has completed so far; {@code null} when the readings are not tied to a load. */
  private final java.util.function.LongSupplier live;
  private CounterReading beforeCounters;
  private final TargetEfficiency.Sources sources;
  private final java.util.Set<String> known;
  private int readingsInFlight;
  private final List<GrowthSlope.Point> growthPoints = new ArrayList<>();
  private final List<GrowthSlope.Point> fdPoints = new ArrayList<>();
  private String growthFailure;
  /** Why the last round-end reading that failed as a whole did. */
  private String roundReadingFailure;
  /** The reading when the measured phase started, and the last one; {@code null} until taken. */
  private Scrape start;
  private String startFailure;
  private Scrape end;

  /**
   * One scrape: the memory figure (or why not), the efficiency counters, and the requests the load
   * had completed when the answer arrived (before it was parsed, which takes a while for a large
   * exposition) and when that was.
   */
  private record Scrape(Long memory, String memoryFailure, CounterReading counters, long requests, long nanos) {}

  private TargetMemorySampler(Vertx vertx, URI url, SeriesSelector selector, TlsSettings tls,
      java.util.function.LongSupplier live, Map<String, String> efficiencySeries) {
    this.live = live;
    this.sources = TargetEfficiency.Sources.of(efficiencySeries);
    this.known = TargetEfficiency.known(efficiencySeries);
    this.vertx = vertx;
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    HttpClientOptions options =
        new HttpClientOptions()
            .setConnectTimeout((int) SCRAPE_TIMEOUT.toMillis())
            .setSsl(https)
            .setMaxPoolSize(1)
            .setTryUseCompression(false);
    tls.applyTo(options);
    this.client = vertx.createHttpClient(options);
    this.url = url;
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    this.request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(url.getHost())
            .setPort(url.getPort() > 0 ? url.getPort() : https ? 443 : 80)
            .setSsl(https)
            .setURI(path)
            .setFollowRedirects(false)
            .putHeader(HttpHeaders.ACCEPT, ACCEPT);
    this.selector = selector;
    Scrape first = await();
    this.before = first == null ? null : first.memory();
    this.beforeCounters = first == null ? null : first.counters();
    this.beforeFailure = lastFailure;
  }

  /**
   * Takes the first reading (blocking, so not on an event loop) and starts periodic ones.
   *
   * @param series a selector already validated with {@link SeriesSelector#parse}
   */
  public static TargetMemorySampler start(Vertx vertx, URI url, String series, Duration interval) {
    return start(vertx, url, series, interval, TlsSettings.DEFAULT);
  }

  /**
   * Starts readings as {@link #start(Vertx, URI, String, Duration)} does, with the plan's TLS
   * trust for an https endpoint.
   */
  public static TargetMemorySampler start(Vertx vertx, URI url, String series, Duration interval, TlsSettings tls) {
    return start(vertx, url, series, interval, tls, null, Map.of());
  }

  /**
   * Starts readings as above, and also reads the target's efficiency counters when {@link
   * #measuredPhaseStarted} is called and at {@link #stop}, for {@link #efficiency}; and a memory
   * reading after each round ({@link #roundEnded}), for the growth slope.
   *
   * @param requestsDone requests the load has completed so far, warm-up not counted
   * @param efficiencySeries the metrics the plan names for efficiency figures ({@link
   *     io.cartographer.plan.MetricsSource#efficiencySeries})
   */
  public static TargetMemorySampler start(Vertx vertx, URI url, String series, Duration interval, TlsSettings tls,
      java.util.function.LongSupplier requestsDone, Map<String, String> efficiencySeries) {
    TargetMemorySampler sampler =
        new TargetMemorySampler(vertx, url, SeriesSelector.parse(series), tls, requestsDone, efficiencySeries);
    sampler.timerId = vertx.setPeriodic(interval.toMillis(), id -> sampler.scrapeInBackground());
    return sampler;
  }

  /**
   * The warm-up is over: takes the reading the efficiency figures start from. Returns at once, so
   * an event loop of the load may call it.
   */
  public void measuredPhaseStarted() {
    readInBackground(scrape -> {
      if (scrape != null) {
        start = scrape;
        growthPoint(scrape);
      } else {
        startFailure = lastFailure;
      }
    });
  }

  /**
   * A round of the measured phase has ended: takes a memory reading for the growth slope. Returns
   * at once, so an event loop of the load may call it.
   */
  public void roundEnded() {
    readInBackground(scrape -> {
      if (scrape != null) {
        growthPoint(scrape);
      } else {
        growthFailure = lastFailure;
        roundReadingFailure = lastFailure;
      }
    });
  }

  /**
   * Takes a reading without waiting for it; {@code then} gets it (or {@code null} when it failed)
   * under this sampler's lock. {@link #stop} waits for every reading under way.
   */
  private void readInBackground(java.util.function.Consumer<Scrape> then) {
    synchronized (this) {
      readingsInFlight++;
    }
    scrape().onComplete(ar -> {
      if (ar.succeeded()) {
        accept(ar.result());
      } else {
        reject(ar.cause());
      }
      synchronized (this) {
        then.accept(ar.succeeded() ? ar.result() : null);
        readingsInFlight--;
        notifyAll();
      }
    });
  }

  private void growthPoint(Scrape scrape) {
    if (scrape.memory() != null) {
      growthPoints.add(new GrowthSlope.Point(scrape.requests(), scrape.memory()));
    } else {
      growthFailure = scrape.memoryFailure();
    }
    Map.Entry<String, Double> fds = TargetEfficiency.first(sources.openFds(), scrape.counters());
    if (fds != null) {
      fdPoints.add(new GrowthSlope.Point(scrape.requests(), fds.getValue()));
    }
  }

  private GrowthSlope growth() {
    if (live == null) {
      return GrowthSlope.notMeasured("these readings were not tied to a load");
    }
    return fitted(growthPoints, growthFailure);
  }

  private static GrowthSlope fitted(List<GrowthSlope.Point> points, String failure) {
    GrowthSlope fitted = GrowthSlope.fit(points.stream()
        .sorted(java.util.Comparator.comparingLong(GrowthSlope.Point::requests)).toList());
    return fitted.perRequest() == null && failure != null
        ? new GrowthSlope(fitted.readings(), null, null, null, fitted.notMeasured() + "; a reading failed: " + failure)
        : fitted;
  }

  /** The descriptor slope; a reading that had no descriptor series is left out of it. */
  private GrowthSlope fdGrowth() {
    if (fdPoints.isEmpty()) {
      return GrowthSlope.notMeasured("no round-end reading had any of "
          + sources.openFds().stream().map(TargetEfficiency.Series::name).toList());
    }
    return fitted(fdPoints, roundReadingFailure);
  }

  /**
   * What each request cost the target over the measured phase; after {@link #stop}.
   */
  public synchronized TargetEfficiency efficiency() {
    if (live == null) {
      return TargetEfficiency.notMeasured("these readings were not tied to a load");
    }
    if (start == null) {
      return TargetEfficiency.notMeasured(startFailure != null
          ? "the reading at the start of the measured phase failed: " + startFailure
          : "the measured phase did not start (the run was stopped during the warm-up)");
    }
    if (end == null) {
      return TargetEfficiency.notMeasured("the reading at the end of the measured phase failed: " + lastFailure);
    }
    return TargetEfficiency.between(sources, beforeCounters,
        start.counters(), start.requests(), start.nanos(), end.counters(), end.requests(), end.nanos())
        .withOpenFdsGrowth(fdGrowth());
  }

  /** Stops periodic readings, lets the one under way finish, takes the last one and sums up. */
  public TargetMemory stop() {
    vertx.cancelTimer(timerId);
    awaitReadings();
    Scrape last = await();
    Long after = last == null ? null : last.memory();
    client.close();
    synchronized (this) {
      if (live != null) {
        end = last;
      }
      String where = url.toString();
      if (readings.isEmpty()) {
        return new TargetMemory(where, selector.toString(), null, null, null, null, 0, failures,
            "not measured: " + lastFailure, GrowthSlope.notMeasured("not measured: " + lastFailure));
      }
      long peak = readings.stream().mapToLong(Long::longValue).max().orElseThrow();
      String missing = null;
      if (before == null) {
        missing = "before not measured: " + beforeFailure;
      } else if (after == null) {
        missing = "after not measured: " + lastFailure;
      }
      return new TargetMemory(where, selector.toString(), before, after, peak,
          before != null && after != null ? after - before : null, readings.size(), failures, missing, growth(), timed);
    }
  }

  /** A periodic reading, unless the previous one is still under way (then this one is skipped). */
  private void scrapeInBackground() {
    synchronized (this) {
      if (periodicInFlight) {
        return;
      }
      periodicInFlight = true;
    }
    readInBackground(scrape -> periodicInFlight = false);
  }

  /** Blocks the calling (run) thread until the readings under way end, at most a timeout. */
  private synchronized void awaitReadings() {
    long deadline = System.nanoTime() + SCRAPE_TIMEOUT.plusSeconds(1).toNanos();
    try {
      while (readingsInFlight > 0 && deadline - System.nanoTime() > 0) {
        wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Scrape await() {
    try {
      Scrape value = scrape().toCompletionStage().toCompletableFuture()
          .get(SCRAPE_TIMEOUT.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
      accept(value);
      return value;
    } catch (ExecutionException e) {
      reject(e.getCause());
    } catch (TimeoutException e) {
      reject(new ReadingFailed(url + " did not answer within " + SCRAPE_TIMEOUT.toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reject(new ReadingFailed("interrupted"));
    }
    return null;
  }

  private synchronized void accept(Scrape scrape) {
    if (scrape.memory() != null) {
      readings.add(scrape.memory());
      if (timed.size() < TargetMemory.MAX_TIMED) {
        timed.add(new TargetMemory.Reading(scrape.nanos(), scrape.memory()));
      }
    } else {
      reject(new ReadingFailed(scrape.memoryFailure()));
    }
  }

  private synchronized void reject(Throwable failure) {
    failures++;
    String reason = failure instanceof MetricsFormatException || failure instanceof ReadingFailed
        ? failure.getMessage()
        : url + " unreachable: " + describe(failure);
    lastFailure = excerpt(reason);
  }

  /** Printable ASCII only, at most {@link #MAX_REASON_CHARS}: what an endpoint wrote stays short. */
  static String excerpt(String text) {
    StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_REASON_CHARS + 1));
    for (int i = 0; i < text.length() && shown.length() < MAX_REASON_CHARS; i++) {
      char c = text.charAt(i);
      shown.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (text.length() > MAX_REASON_CHARS) {
      shown.append('…');
    }
    return shown.toString();
  }

  /** Class and message of a failure, with its root cause's message when that says more. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      root = root.getCause();
    }
    String message = failure.getMessage() == null ? "" : " " + failure.getMessage();
    String rootMessage = root == failure ? null : root.getMessage();
    if (rootMessage != null && !message.contains(rootMessage)) {
      message += ": " + rootMessage;
    }
    return failure.getClass().getSimpleName() + message;
  }

  /**
   * One exchange with the metrics endpoint under one deadline. The body is gathered as it streams
   * and the connection reset as soon as it passes the cap or the deadline; parsing runs on a
   * worker, so a large exposition never holds up the event loop the load shares.
   */
  private Future<Scrape> scrape() {
    Promise<Scrape> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long deadline = vertx.setTimer(SCRAPE_TIMEOUT.toMillis(), t -> {
      if (result.tryFail(new ReadingFailed(url + " did not answer within " + SCRAPE_TIMEOUT.toMillis() + " ms"))) {
        resetQuietly(sent[0]);
      }
    });
    result.future().onComplete(ar -> vertx.cancelTimer(deadline));
    client.request(request)
        .onFailure(result::tryFail)
        .onSuccess(req -> {
          sent[0] = req;
          if (result.future().isComplete()) {
            resetQuietly(req);
            return;
          }
          req.send().onFailure(result::tryFail).onSuccess(response -> read(req, response, result));
        });
    return result.future();
  }

  private void read(HttpClientRequest req, HttpClientResponse response, Promise<Scrape> result) {
    String refused = refusal(response);
    if (refused != null) {
      result.tryFail(new ReadingFailed(refused));
      resetQuietly(req);
      return;
    }
    Buffer body = Buffer.buffer();
    response.exceptionHandler(result::tryFail);
    response.handler(chunk -> {
      if (result.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        result.tryFail(new ReadingFailed(url + " answered more than " + MAX_BODY_BYTES + " bytes"));
        resetQuietly(req);
        return;
      }
      body.appendBuffer(chunk);
    });
    response.endHandler(v -> {
      if (result.future().isComplete()) {
        return;
      }
      long requests = live == null ? 0 : live.getAsLong();
      long nanos = System.nanoTime();
      if (body.length() == 0) {
        result.tryFail(new ReadingFailed(url + " answered an empty body"));
        return;
      }
      String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
      boolean openMetrics = type != null && type.startsWith("application/openmetrics-text");
      vertx.<Scrape>executeBlocking(() -> parse(body, openMetrics, requests, nanos), false)
          .onComplete(ar -> {
            if (ar.succeeded()) {
              result.tryComplete(ar.result());
            } else {
              result.tryFail(ar.cause());
            }
          });
    });
  }

  /** Why a response is not read at all, or {@code null} when it is. */
  private String refusal(HttpClientResponse response) {
    int status = response.statusCode();
    if (status >= 300 && status < 400) {
      return url + " answered status " + status + " (a redirect; metrics readings follow none)";
    }
    if (status != 200) {
      return url + " answered status " + status;
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          return url + " announced " + excerpt(length.trim()) + " bytes, more than " + MAX_BODY_BYTES;
        }
      } catch (NumberFormatException e) {
        return url + " announced a malformed Content-Length";
      }
    }
    return null;
  }

  private Scrape parse(Buffer body, boolean openMetrics, long requests, long nanos) {
    MetricsText metrics;
    try {
      metrics = MetricsText.parse(body.toString(), openMetrics);
    } catch (MetricsFormatException e) {
      throw new ReadingFailed("metrics from " + url + ": " + e.getMessage());
    }
    CounterReading counters = CounterReading.of(metrics, known);
    try {
      double value = selector.sum(metrics);
      if (value < 0) {
        return new Scrape(null, "series " + selector + " is negative: " + value, counters, requests, nanos);
      }
      return new Scrape(Math.round(value), null, counters, requests, nanos);
    } catch (MetricsFormatException e) {
      return new Scrape(null, "metrics from " + url + ": " + e.getMessage(), counters, requests, nanos);
    }
  }

  private static void resetQuietly(HttpClientRequest req) {
    if (req != null) {
      req.reset();
    }
  }

  /** A reading that arrived but could not be used; its message is the reason shown. */
  private static final class ReadingFailed extends RuntimeException {
    ReadingFailed(String message) {
      super(message, null, false, false);
    }
  }
}
