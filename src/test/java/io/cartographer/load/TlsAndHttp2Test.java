package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographer.memory.ProbeMemoryReader;
import io.cartographer.memory.ProbeResources;
import io.cartographer.memory.TargetMemory;
import io.cartographer.memory.TargetMemorySampler;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportAssembler;
import io.cartographer.passport.PassportId;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.VariantOutcome;
import io.cartographer.plan.HttpProtocol;
import io.cartographer.plan.Plan;
import io.cartographer.plan.PlanLoader;
import io.cartographer.plan.TargetConnection;
import io.cartographer.plan.TlsSettings;
import io.cartographer.testing.PassportSchema;
import io.cartographer.verdict.ThresholdJudge;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https and HTTP/2 targets: real Vert.x servers on 127.0.0.1 with certificates made by the JDK's
 * keytool for this test. Every run is bounded: at most 50 requests with a 2 s timeout. Every run
 * is also assembled into a passport that must satisfy the schema.
 */
class TlsAndHttp2Test {

  private static final String PASSWORD = "cartographer";
  private static final int REQUESTS = 50;

  @TempDir static Path certs;

  private static Vertx vertx;
  private static Vertx serverVertx;
  private static LoadEngine engine;
  /** Self-signed, SubjectAltName IP 127.0.0.1: its PEM is its own CA. */
  private static Path local;
  /** Self-signed, SubjectAltName IP 127.0.0.2 only: wrong for a target on 127.0.0.1. */
  private static Path elsewhere;

  @BeforeAll
  static void start() throws Exception {
    local = certificate("local", "ip:127.0.0.1");
    elsewhere = certificate("elsewhere", "ip:127.0.0.2");
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    serverVertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    engine = new LoadEngine(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void untrustedCertificateFailsEveryRequestWithATlsError() throws Exception {
    try (Target target = Target.start(tls(local))) {
      Outcome o = run(plan(target.url("https"), ""));
      assertEquals(REQUESTS, o.result().requests());
      assertEquals(REQUESTS, o.result().errors().get(ErrorKind.TLS), () -> o.result().errorSamples().toString());
      assertEquals(0, o.result().succeeded());
      assertEquals(0, target.requests(), "no request gets past the handshake");
      assertEquals("fail", o.passport().at("/test_results/0/verdict").asText());
      assertEquals(REQUESTS, o.passport().at("/test_results/0/errors/tls").asLong());
      String sample = o.passport().at("/test_results/0/error_samples/tls").asText();
      assertTrue(sample.startsWith("SSLHandshakeException: ") && sample.contains("certification path"), sample);
      assertTrue(o.passport().at("/test_results/0/http_versions").isEmpty(), "no response arrived");
    }
  }

  @Test
  void trustAllAcceptsTheUntrustedCertificate() throws Exception {
    try (Target target = Target.start(tls(local))) {
      Outcome o = run(plan(target.url("https"), "tls: {trust-all: true}"));
      assertEquals(REQUESTS, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(Map.of("1.1", (long) REQUESTS), o.result().httpVersions());
      assertEquals(REQUESTS, target.requests(HttpVersion.HTTP_1_1));
      assertEquals("pass", o.passport().at("/test_results/0/verdict").asText());
      assertEquals("1.1", o.passport().at("/test_results/0/load/http_version").asText());
      assertEquals(REQUESTS, o.passport().at("/test_results/0/http_versions/1.1").asLong());
    }
  }

  @Test
  void caFileTrustsTheCertificateItHolds() throws Exception {
    try (Target target = Target.start(tls(local))) {
      Outcome o = run(plan(target.url("https"), "tls: {ca-file: '" + pem(local) + "'}"));
      assertEquals(REQUESTS, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(0, o.passport().at("/test_results/0/errors/tls").asLong());
      assertEquals("pass", o.passport().at("/test_results/0/verdict").asText());
    }
  }

  @Test
  void trustedCertificateForAnotherAddressFailsHostNameVerification() throws Exception {
    try (Target target = Target.start(tls(elsewhere))) {
      Outcome o = run(plan(target.url("https"), "tls: {ca-file: '" + pem(elsewhere) + "'}"));
      assertEquals(REQUESTS, o.result().errors().get(ErrorKind.TLS), () -> o.result().errorSamples().toString());
      assertEquals(0, target.requests());
      String sample = o.passport().at("/test_results/0/error_samples/tls").asText();
      assertTrue(sample.contains("No subject alternative names matching IP address 127.0.0.1"), sample);
      assertEquals("fail", o.passport().at("/test_results/0/verdict").asText());
    }
  }

  @Test
  void h2cSpeaksHttp2WithPriorKnowledge() throws Exception {
    try (Target target = Target.start(new HttpServerOptions().setHttp2ClearTextEnabled(true))) {
      Outcome o = run(plan(target.url("http"), "http-version: \"2\""));
      assertEquals(REQUESTS, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(REQUESTS, target.requests(HttpVersion.HTTP_2), "the server saw HTTP/2 on every request");
      assertEquals(REQUESTS, target.requests());
      assertEquals(Map.of("2", (long) REQUESTS), o.result().httpVersions());
      assertEquals("2", o.passport().at("/test_results/0/load/http_version").asText());
      assertEquals(REQUESTS, o.passport().at("/test_results/0/http_versions/2").asLong());
    }
  }

  @Test
  void tlsNegotiatesHttp2ThroughAlpn() throws Exception {
    try (Target target = Target.start(tls(local).setUseAlpn(true))) {
      Outcome o =
          run(plan(target.url("https"), "tls: {ca-file: '" + pem(local) + "'}\n  http-version: \"2\""));
      assertEquals(REQUESTS, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(REQUESTS, target.requests(HttpVersion.HTTP_2));
      assertEquals(Map.of("2", (long) REQUESTS), o.result().httpVersions());
      assertEquals(REQUESTS, o.passport().at("/test_results/0/http_versions/2").asLong());
    }
  }

  @Test
  void alpnFallsBackToHttp11WhenTheServerOffersNoHttp2AndThePassportSaysSo() throws Exception {
    try (Target target = Target.start(tls(local).setUseAlpn(false))) {
      Outcome o = run(plan(target.url("https"), "tls: {trust-all: true}\n  http-version: \"2\""));
      assertEquals(REQUESTS, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(REQUESTS, target.requests(HttpVersion.HTTP_1_1));
      assertEquals("2", o.passport().at("/test_results/0/load/http_version").asText(), "what was asked");
      assertEquals(REQUESTS, o.passport().at("/test_results/0/http_versions/1.1").asLong(), "what was spoken");
    }
  }

  @Test
  void h2cAgainstAnHttp11OnlyServerFailsFastWithClearErrors() throws Exception {
    try (Target target = Target.start(new HttpServerOptions().setHttp2ClearTextEnabled(false))) {
      long started = System.nanoTime();
      Outcome o = run(plan(target.url("http"), "http-version: \"2\""));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(REQUESTS, o.result().requests());
      assertEquals(0, o.result().succeeded());
      assertEquals(REQUESTS, o.result().failed());
      assertEquals(0, target.requests(HttpVersion.HTTP_2));
      assertEquals(0, o.result().errors().get(ErrorKind.TIMEOUT), () -> "no hang: " + o.result().errorSamples());
      assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
      assertEquals(REQUESTS, o.result().errors().get(ErrorKind.CONNECT), () -> o.result().errorSamples().toString());
      String sample = o.passport().at("/test_results/0/error_samples/connect").asText();
      assertTrue(sample.startsWith("Http2Exception: the server answered in HTTP/1.x, not HTTP/2"), sample);
      assertEquals("fail", o.passport().at("/test_results/0/verdict").asText());
    }
  }

  @Test
  void http2KeepsConcurrencyRequestsInFlightOverFewConnections() throws Exception {
    InFlight inFlight = new InFlight();
    try (Target target = Target.start(new HttpServerOptions().setHttp2ClearTextEnabled(true), inFlight)) {
      Outcome o = run(plan(target.url("http"), "http-version: \"2\"", 8, 40));
      assertEquals(40, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(8, inFlight.max.get(), "8 streams in flight at once");
      // About one connection per event loop; requests that come while the first connections are
      // being set up may open a few more, never more than one per stream.
      assertTrue(target.connections() <= 8, target.connections() + " connections");
    }
  }

  @Test
  void http2OpensMoreConnectionsWhenTheServerAllowsOneStreamEach() throws Exception {
    InFlight inFlight = new InFlight();
    HttpServerOptions oneStream =
        new HttpServerOptions()
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(1));
    try (Target target = Target.start(oneStream, inFlight)) {
      Outcome o = run(plan(target.url("http"), "http-version: \"2\"", 8, 40));
      assertEquals(40, o.result().succeeded(), () -> o.result().errorSamples().toString());
      assertEquals(8, inFlight.max.get(), "still 8 requests in flight");
      assertEquals(8, target.connections(), "one connection per stream the server allows");
      assertEquals(40, target.requests(HttpVersion.HTTP_2));
    }
  }

  @Test
  void clientOptionsFollowTheConnectionSettings() {
    URI https = URI.create("https://127.0.0.1:8443");
    Plan plan = plan(https, "");
    HttpClientOptions plain =
        LoadEngine.clientOptions(https, plan.variants().get(0).load(), TargetConnection.DEFAULT, 4);
    assertTrue(plain.isSsl());
    assertFalse(plain.isTrustAll());
    assertTrue(plain.isVerifyHost());
    assertEquals(HttpVersion.HTTP_1_1, plain.getProtocolVersion());

    HttpClientOptions trustAll =
        LoadEngine.clientOptions(https, plan.variants().get(0).load(),
            new TargetConnection(new TlsSettings(true, null), HttpProtocol.HTTP_2), 4);
    assertTrue(trustAll.isTrustAll());
    assertFalse(trustAll.isVerifyHost());
    assertEquals(HttpVersion.HTTP_2, trustAll.getProtocolVersion());
    assertTrue(trustAll.isUseAlpn());

    HttpClientOptions ca =
        LoadEngine.clientOptions(URI.create("http://127.0.0.1:8080"), plan.variants().get(0).load(),
            new TargetConnection(new TlsSettings(false, Path.of("/ca.pem")), HttpProtocol.HTTP_2), 4);
    assertEquals(List.of("/ca.pem"), ((PemTrustOptions) ca.getTrustOptions()).getCertPaths());
    assertTrue(ca.isVerifyHost());
    assertFalse(ca.isHttp2ClearTextUpgrade(), "h2c with prior knowledge, no upgrade");

    assertEquals(1, LoadEngine.streamsPerConnection(1));
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    assertEquals(3, LoadEngine.streamsPerConnection(3 * loops));
    assertEquals(4, LoadEngine.streamsPerConnection(3 * loops + 1));
  }

  @Test
  void metricsOverHttpsUseThePlansTrust() throws Exception {
    Handler<HttpServerRequest> metrics =
        req -> req.response().putHeader("Content-Type", "text/plain").end("process_resident_memory_bytes 1024\n");
    try (Target target = Target.start(tls(local), metrics)) {
      URI url = URI.create(target.url("https") + "/metrics");
      TargetMemory trusted =
          TargetMemorySampler.start(vertx, url, "process_resident_memory_bytes", Duration.ofSeconds(1), new io.cartographer.plan.TlsSettings(false, pem(local)))
              .stop();
      assertEquals(1024L, trusted.beforeBytes(), trusted::notMeasured);
      TargetMemory untrusted =
          TargetMemorySampler.start(vertx, url, "process_resident_memory_bytes", Duration.ofSeconds(1)).stop();
      assertNull(untrusted.beforeBytes());
      assertTrue(untrusted.notMeasured().contains("SSLHandshakeException")
          && untrusted.notMeasured().contains("unable to find valid certification path"), untrusted.notMeasured());
    }
  }

  private static Plan plan(URI baseUrl, String connection) {
    return plan(baseUrl, connection, 4, REQUESTS);
  }

  /** A one-variant plan; {@code connection} holds extra lines under {@code target}. */
  private static Plan plan(URI baseUrl, String connection, int concurrency, int requests) {
    String yaml =
        """
        name: tls-target
        target:
          base-url: %s
          %s
        endpoints:
          - name: e
            path: /x
            variants:
              - name: v
                load: {concurrency: %d, requests: %d, warmup: 0, timeout: 2s, rounds: 1}
        """
            .formatted(baseUrl, connection, concurrency, requests);
    try {
      return new PlanLoader().parse(yaml, "test", false, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private record Outcome(VariantResult result, JsonNode passport) {}

  /** Runs the plan's only variant and assembles the passport a run would write. */
  private static Outcome run(Plan plan) throws Exception {
    VariantResult result =
        engine
            .run(plan.baseUrl(), plan.variants().get(0), new LiveCounters(), plan.connection())
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    TargetMemory memory = TargetMemory.notMeasured("the plan names no metrics endpoint of the target");
    ProbeResources probe =
        new ProbeResources(ProbeMemoryReader.read(), ProbeMemoryReader.read(), 0.01, 0.01, 1, 0.5, 10, false, "test", null, null);
    Instant now = Instant.now();
    Passport passport =
        PassportAssembler.assemble(
            plan,
            new PassportAssembler.RunFacts(
                PassportId.of(now, "0000beef"), "0000beef", "cli", "test", "test", now, now.plusSeconds(1)),
            List.of(new VariantOutcome(result, ThresholdJudge.judge(result, memory), probe, memory)));
    return new Outcome(result, PassportSchema.assertValid(PassportJson.write(passport)));
  }

  private static HttpServerOptions tls(Path keyStore) {
    return new HttpServerOptions()
        .setSsl(true)
        .setKeyCertOptions(new PfxOptions().setPath(keyStore.toString()).setPassword(PASSWORD));
  }

  private static Path pem(Path keyStore) {
    return keyStore.resolveSibling(keyStore.getFileName().toString().replace(".p12", ".pem"));
  }

  /** A self-signed EC key pair in a PKCS12 store, and its certificate as PEM beside it. */
  private static Path certificate(String name, String subjectAltName) throws Exception {
    Path store = certs.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=cartographer-" + name, "-ext", "SAN=" + subjectAltName, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
        "-file", pem(store).toString());
    assertTrue(Files.readString(pem(store)).contains("-----BEGIN CERTIFICATE-----"));
    return store;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, p.exitValue(), () -> "keytool " + String.join(" ", args) + ": " + output);
  }

  /** Holds each request for 30 ms and records the most requests it held at once. */
  private static final class InFlight implements Handler<HttpServerRequest> {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();

    @Override
    public void handle(HttpServerRequest req) {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      serverVertx.setTimer(30, t -> {
        now.decrementAndGet();
        req.response().end("ok");
      });
    }
  }

  /** A server on 127.0.0.1 that counts the requests it gets by HTTP version, and their connections. */
  private static final class Target implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLongArray versions = new AtomicLongArray(HttpVersion.values().length);
    private final Set<Object> connections = ConcurrentHashMap.newKeySet();

    private Target(HttpServerOptions options, Handler<HttpServerRequest> handler) throws Exception {
      server =
          serverVertx
              .createHttpServer(options.setHost("127.0.0.1").setPort(0))
              .requestHandler(
                  req -> {
                    // An HTTP/1.1-only server may hand on the HTTP/2 preface (PRI * HTTP/2.0) as a
                    // request whose version Vert.x does not know.
                    if (req.version() != null) {
                      versions.incrementAndGet(req.version().ordinal());
                    }
                    connections.add(req.connection());
                    handler.handle(req);
                  })
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    }

    static Target start(HttpServerOptions options) throws Exception {
      return new Target(options, req -> req.response().end("ok"));
    }

    static Target start(HttpServerOptions options, Handler<HttpServerRequest> handler) throws Exception {
      return new Target(options, handler);
    }

    URI url(String scheme) {
      return URI.create(scheme + "://127.0.0.1:" + server.actualPort());
    }

    long requests(HttpVersion version) {
      return versions.get(version.ordinal());
    }

    long requests() {
      long sum = 0;
      for (int i = 0; i < versions.length(); i++) {
        sum += versions.get(i);
      }
      return sum;
    }

    int connections() {
      return connections.size();
    }

    @Override
    public void close() throws Exception {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
