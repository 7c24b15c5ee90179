package io.cartographer.memory;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Reads the target's memory from its Prometheus or OpenMetrics endpoint before a variant, every
 * {@code interval} while it runs (on a Vert.x timer, off the request path), and after it. A
 * reading that fails (unreachable, not 200, malformed text, series missing) is counted with its
 * reason and never turned into a number.
 */
public final class TargetMemorySampler {

  static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);
  private static final String ACCEPT =
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

  private final Vertx vertx;
  private final WebClient client;
  private final URI url;
  private final SeriesSelector selector;
  private final List<Long> readings = new ArrayList<>();
  private final Long before;
  private final String beforeFailure;
  private String lastFailure;
  private int failures;
  private int inFlight;
  private long timerId = -1;

  private TargetMemorySampler(
      io.vertx.core.Vertx vertx, URI url, SeriesSelector selector, boolean trustAll, Path caFile) {
    this.vertx = Vertx.newInstance(vertx);
    WebClientOptions options =
        new WebClientOptions()
            .setConnectTimeout((int) SCRAPE_TIMEOUT.toMillis())
            .setTrustAll(trustAll)
            .setVerifyHost(!trustAll)
            .setTryUseCompression(false);
    if (caFile != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
    }
    this.client = WebClient.create(this.vertx, options);
    this.url = url;
    this.selector = selector;
    this.before = await();
    this.beforeFailure = lastFailure;
  }

  /**
   * Takes the first reading (blocking, so not on an event loop) and starts periodic ones.
   *
   * @param series a selector already validated with {@link SeriesSelector#parse}
   */
  public static TargetMemorySampler start(io.vertx.core.Vertx vertx, URI url, String series, Duration interval) {
    return start(vertx, url, series, interval, false, null);
  }

  /**
   * Starts readings as {@link #start(io.vertx.core.Vertx, URI, String, Duration)} does, with the
   * plan's TLS trust for an https endpoint.
   *
   * @param trustAll accept any certificate, host name unchecked
   * @param caFile a PEM file of the CAs to trust instead of the JVM's, or {@code null}
   */
  public static TargetMemorySampler start(
      io.vertx.core.Vertx vertx, URI url, String series, Duration interval, boolean trustAll, Path caFile) {
    TargetMemorySampler sampler =
        new TargetMemorySampler(vertx, url, SeriesSelector.parse(series), trustAll, caFile);
    sampler.timerId =
        sampler.vertx.getDelegate().setPeriodic(interval.toMillis(), id -> sampler.scrapeInBackground());
    return sampler;
  }

  /** Stops periodic readings, lets those under way finish, takes the last one and sums up. */
  public TargetMemory stop() {
    vertx.getDelegate().cancelTimer(timerId);
    awaitPeriodicReadings();
    Long after = await();
    client.close();
    synchronized (this) {
      String where = url.toString();
      if (readings.isEmpty()) {
        return new TargetMemory(where, selector.toString(), null, null, null, null, 0, failures,
            "not measured: " + lastFailure);
      }
      long peak = readings.stream().mapToLong(Long::longValue).max().orElseThrow();
      String missing = null;
      if (before == null) {
        missing = "before not measured: " + beforeFailure;
      } else if (after == null) {
        missing = "after not measured: " + lastFailure;
      }
      return new TargetMemory(where, selector.toString(), before, after, peak,
          before != null && after != null ? after - before : null, readings.size(), failures, missing);
    }
  }

  private void scrapeInBackground() {
    synchronized (this) {
      inFlight++;
    }
    scrape().subscribe().with(
        value -> {
          accept(value);
          periodicReadingDone();
        },
        failure -> {
          reject(failure);
          periodicReadingDone();
        });
  }

  private synchronized void periodicReadingDone() {
    inFlight--;
    notifyAll();
  }

  /** Blocks the calling (run) thread until no periodic reading is under way, at most a timeout. */
  private synchronized void awaitPeriodicReadings() {
    long deadline = System.nanoTime() + SCRAPE_TIMEOUT.plusSeconds(1).toNanos();
    try {
      while (inFlight > 0 && deadline - System.nanoTime() > 0) {
        wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Long await() {
    try {
      Long value = scrape().await().atMost(SCRAPE_TIMEOUT.plusSeconds(1));
      accept(value);
      return value;
    } catch (RuntimeException e) {
      reject(e);
      return null;
    }
  }

  private synchronized void accept(Long bytes) {
    readings.add(bytes);
  }

  private synchronized void reject(Throwable failure) {
    failures++;
    lastFailure = failure instanceof MetricsFormatException || failure instanceof ReadingFailed
        ? failure.getMessage()
        : url + " unreachable: " + describe(failure);
  }

  /**
   * Class and message of a failure, unwrapped from the await's {@link CompletionException}, with
   * its root cause's message when that says more (a TLS failure's names the certificate problem).
   */
  private static String describe(Throwable failure) {
    Throwable shown =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    Throwable root = shown;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
      root = root.getCause();
    }
    String message = shown.getMessage() == null ? "" : " " + shown.getMessage();
    String rootMessage = root == shown ? null : root.getMessage();
    if (rootMessage != null && !message.contains(rootMessage)) {
      message += ": " + rootMessage;
    }
    return shown.getClass().getSimpleName() + message;
  }

  private Uni<Long> scrape() {
    return client
        .getAbs(url.toString())
        .putHeader(HttpHeaders.ACCEPT.toString(), ACCEPT)
        .timeout(SCRAPE_TIMEOUT.toMillis())
        .send()
        .map(this::read);
  }

  private Long read(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new ReadingFailed(url + " answered status " + response.statusCode());
    }
    Buffer body = response.body();
    if (body == null) {
      throw new ReadingFailed(url + " answered an empty body");
    }
    if (body.length() > MetricsText.MAX_CHARS) {
      throw new ReadingFailed(url + " answered more than " + MetricsText.MAX_CHARS + " bytes");
    }
    String type = response.getHeader("Content-Type");
    boolean openMetrics = type != null && type.startsWith("application/openmetrics-text");
    try {
      double value = selector.sum(MetricsText.parse(body.toString(), openMetrics));
      if (value < 0) {
        throw new ReadingFailed("series " + selector + " is negative: " + value);
      }
      return Math.round(value);
    } catch (MetricsFormatException e) {
      throw new ReadingFailed("metrics from " + url + ": " + e.getMessage());
    }
  }

  /** A reading that arrived but could not be used; its message is the reason shown. */
  private static final class ReadingFailed extends RuntimeException {
    ReadingFailed(String message) {
      super(message, null, false, false);
    }
  }
}
