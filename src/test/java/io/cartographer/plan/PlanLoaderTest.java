package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanLoaderTest {

  private static final String VALID =
      """
      name: ledger
      target:
        base-url: http://127.0.0.1:8080/api/
      defaults:
        headers: {Accept: application/json}
        load: {concurrency: 4, requests: 200, warmup: 20, timeout: 2s}
        thresholds: {max-p99: 50ms, max-error-rate: 0.01}
      endpoints:
        - name: statements
          path: /statements
          variants:
            - name: basic
              query: limit=10
            - name: large
              family: large
              query: limit=10000
              load: {duration: 1.5s, concurrency: 2}
              thresholds: {max-p99: 1s}
            - name: create
              method: POST
              path: /statements/new
              headers: {Content-Type: application/json}
              body: '{"amount": 1}'
              expected-status: 201
      """;

  private final PlanLoader loader = new PlanLoader();

  private Plan parse(String yaml) throws InvalidPlanException {
    return loader.parse(yaml, "test", false, null);
  }

  private List<String> problems(String yaml) {
    InvalidPlanException e = assertThrows(InvalidPlanException.class, () -> parse(yaml));
    return e.problems().stream().map(PlanProblem::toString).toList();
  }

  @Test
  void validPlanAppliesDefaultsAndVariantOverrides() throws Exception {
    Plan plan = parse(VALID);
    assertEquals("ledger", plan.name());
    assertEquals(URI.create("http://127.0.0.1:8080/api"), plan.baseUrl());
    List<Variant> variants = plan.variants();
    assertEquals(3, variants.size());

    Variant basic = variants.get(0);
    assertEquals("/api/statements?limit=10", basic.pathAndQuery());
    assertEquals("basic", basic.family());
    assertEquals("GET", basic.method());
    assertEquals(
        new LoadSettings(LoadModel.CLOSED, 4, 200L, null, 20, Duration.ofSeconds(2), 10L << 20, null, 64, Duration.ofMillis(2), 5),
        basic.load());
    assertEquals(new Thresholds(null, Duration.ofMillis(50), 0.01, null, null), basic.thresholds());

    Variant large = variants.get(1);
    assertNull(large.load().requests(), "a variant's duration replaces the default request count");
    assertEquals(Duration.ofMillis(1500), large.load().duration());
    assertEquals(2, large.load().concurrency());
    assertEquals(Duration.ofSeconds(1), large.thresholds().maxP99());
    assertEquals(0.01, large.thresholds().maxErrorRate());

    Variant create = variants.get(2);
    assertEquals("/api/statements/new", create.pathAndQuery());
    assertEquals(201, create.expectedStatus());
    assertEquals("{\"amount\": 1}", create.body());
    assertEquals(Map.of("Accept", "application/json", "Content-Type", "application/json"), create.headers());
  }

  @Test
  void jsonPlansLoadFromFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plan.json");
    Files.writeString(
        file,
        """
        {"name": "p", "target": {"base-url": "https://example.test"},
         "endpoints": [{"name": "h", "path": "/health", "variants": [{"name": "v"}]}]}
        """);
    Plan plan = loader.load(file);
    assertEquals(PlanLoader.BUILT_IN_LOAD, plan.variants().get(0).load());
    assertEquals(PlanLoader.BUILT_IN_THRESHOLDS, plan.variants().get(0).thresholds());
  }

  @Test
  void digestChangesWhenWhatIsMeasuredChanges() throws Exception {
    String digest = parse(VALID).digest();
    assertEquals(digest, parse(VALID).digest());
    assertNotEquals(digest, parse(VALID.replace("limit=10\n", "limit=11\n")).digest());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<String> problems =
        problems(VALID.replace("concurrency: 4", "concurrency: 0").replace("name: basic", "name: basic\n        methd: GET"));
    assertEquals(
        List.of(
            "defaults.load.concurrency: must be >= 1",
            "endpoints[0].variants[0].methd: unknown field; did you mean 'method'? (allowed: body, determinism, expected-status,"
                + " family, headers, load, method, name, path, query, regression, thresholds)"),
        problems);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          concurrency 0            | concurrency: 4               | concurrency: 0                | defaults.load.concurrency: must be >= 1
          concurrency not a number | concurrency: 4               | concurrency: many             | defaults.load.concurrency: must be a whole number, found text 'many'
          typo in a load key       | concurrency: 4               | concurency: 4                 | defaults.load.concurency: unknown field; did you mean 'concurrency'? (allowed: concurrency, duration, from, late-tolerance, max-body, max-connections, model, precision, rate, requests, rounds, stages, step, timeout, to, warmup)
          requests and duration    | requests: 200                | requests: 200, duration: 10s  | defaults.load: set either requests or duration, not both
          duration without unit    | timeout: 2s                  | timeout: 2                    | defaults.load.timeout: '2' has no unit: write e.g. 500ms, 10s or 2m
          duration with bad unit   | timeout: 2s                  | timeout: 2 parsecs            | defaults.load.timeout: '2 parsecs' has an unknown unit 'parsecs' (use us, ms, s, m or h)
          timeout zero             | timeout: 2s                  | timeout: 0ms                  | defaults.load.timeout: must be at least 1ms
          negative warmup          | warmup: 20                   | warmup: -1                    | defaults.load.warmup: must be >= 0
          unknown model            | concurrency: 4               | model: open-ish               | defaults.load.model: 'open-ish' is not a load model (use closed, open or capacity)
          bad max-body             | concurrency: 4               | max-body: 10 MiBs             | defaults.load.max-body: '10 MiBs' has an unknown unit 'MiBs' (use B, KiB, MiB, GiB, kB, MB or GB)
          error rate above 1       | max-error-rate: 0.01         | max-error-rate: 1.5           | defaults.thresholds.max-error-rate: must be a number from 0 to 1, found 1.5
          p99 as text              | max-p99: 50ms                | max-p99: fast                 | defaults.thresholds.max-p99: 'fast' is not a duration such as 500ms, 10s or 2m
          base-url scheme          | http://127.0.0.1:8080/api/   | ftp://127.0.0.1/              | target.base-url: must be an http:// or https:// URL, found 'ftp://127.0.0.1/'
          base-url with query      | http://127.0.0.1:8080/api/   | http://127.0.0.1:8080/?x=1    | target.base-url: must not have a query or fragment (put them in the variants)
          base-url credentials     | http://127.0.0.1:8080/api/   | http://u:p@127.0.0.1/         | target.base-url: must not carry credentials; send them as headers
          base-url port 0          | http://127.0.0.1:8080/api/   | http://127.0.0.1:0/           | target.base-url: port must be 1-65535
          endpoint path relative   | path: /statements\\n          | path: statements\\n            | endpoints[0].path: must start with '/' and be printable ASCII without spaces, '?' or '#' (put the query in 'query')
          query with leading ?     | query: limit=10\\n            | query: ?limit=10\\n            | endpoints[0].variants[0].query: must be printable ASCII without spaces, '#' or a leading '?'
          method unknown           | method: POST                 | method: FETCH                 | endpoints[0].variants[2].method: 'FETCH' is not one of [DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT]
          expected status range    | expected-status: 201         | expected-status: 999          | endpoints[0].variants[2].expected-status: must be <= 599
          duplicate variant        | name: large                  | name: basic                   | endpoints[0].variants[1].name: duplicate variant name 'basic' in endpoint 'statements'
          bad variant name         | name: large                  | name: 'large one'             | endpoints[0].variants[1].name: 'large one' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit
          header with line break   | Content-Type: application/json | Content-Type: "a\\r\\nX-Evil: 1" | endpoints[0].variants[2].headers.Content-Type: must not contain line breaks
          headers not a mapping    | headers: {Accept: application/json} | headers: [Accept]      | defaults.headers: must be a mapping of names to values, found a list
          unknown top-level key    | name: ledger                 | name: ledger\\nendpoint: []    | endpoint: unknown field; did you mean 'endpoints'? (allowed: defaults, endpoints, name, target)
          """)
  void invalidPlanNamesTheField(String caseName, String from, String to, String expected) {
    String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertNotEquals(VALID, yaml, "the case must change the plan: " + caseName);
    assertEquals(List.of(expected), problems(yaml), caseName);
  }

  private static final String MEASURED =
      """
      name: measured
      target:
        base-url: http://127.0.0.1:8080/api
        metrics: {url: /metrics, series: 'jvm_memory_used_bytes{area="heap"}', interval: 100ms}
      defaults:
        load: {requests: 100}
        thresholds: {max-memory-delta: 10MiB, max-memory-peak: 1GiB}
        determinism: {ignore-fields: [served_at]}
      endpoints:
        - name: items
          path: /items
          variants:
            - name: arrivals
              load: {model: open, rate: 120/m, duration: 10s, max-connections: 8, late-tolerance: 5ms}
            - name: unchecked
              determinism: {check: false}
      """;

  @Test
  void openModelMetricsMemoryThresholdsAndDeterminismAreRead() throws Exception {
    Plan plan = parse(MEASURED);
    assertEquals(URI.create("http://127.0.0.1:8080/api/metrics"), plan.metrics().url());
    assertEquals("jvm_memory_used_bytes{area=\"heap\"}", plan.metrics().series());
    assertEquals(Duration.ofMillis(100), plan.metrics().interval());
    Variant open = plan.variants().get(0);
    assertEquals(LoadModel.OPEN, open.load().model());
    assertEquals(2.0, open.load().rate());
    assertNull(open.load().requests(), "the open model runs for its duration");
    assertEquals(20, open.load().intendedRequests());
    assertEquals(8, open.load().maxConnections());
    assertEquals(Duration.ofMillis(5), open.load().lateTolerance());
    assertEquals(10L << 20, open.thresholds().maxMemoryDelta());
    assertEquals(1L << 30, open.thresholds().maxMemoryPeak());
    assertEquals(new Determinism(true, List.of("served_at")), open.determinism());
    assertEquals(new Determinism(false, List.of("served_at")), plan.variants().get(1).determinism());
  }

  @Test
  void metricsDefaultToResidentMemoryEveryQuarterSecondAndMayBeAbsolute() throws Exception {
    Plan plan = parse(MEASURED.replace(
        "metrics: {url: /metrics, series: 'jvm_memory_used_bytes{area=\"heap\"}', interval: 100ms}",
        "metrics: {url: 'http://127.0.0.1:9090/metrics'}"));
    assertEquals(new MetricsSource(URI.create("http://127.0.0.1:9090/metrics"), "process_resident_memory_bytes",
        Duration.ofMillis(250)), plan.metrics());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          open without rate        | rate: 120/m,                  |                                  | endpoints[0].variants[0].load.rate: is required by the open model (e.g. 100/s)
          open without duration    | duration: 10s,                |                                  | endpoints[0].variants[0].load.duration: is required by the open model (it runs for a duration, not a count)
          rate without unit        | rate: 120/m                   | rate: 120                        | endpoints[0].variants[0].load.rate: '120' is not a rate such as 2000/s or 120/m
          rate of zero             | rate: 120/m                   | rate: 0/s                        | endpoints[0].variants[0].load.rate: must be more than 0/s and at most 1000000/s
          max-connections zero     | max-connections: 8            | max-connections: 0               | endpoints[0].variants[0].load.max-connections: must be >= 1
          no request scheduled     | rate: 120/m                   | rate: 1/h                        | endpoints[0].variants[0].load: rate × duration schedules no request; raise the rate or the duration
          metrics url with a space | url: /metrics,                | url: '/met rics',                | target.metrics.url: must be printable ASCII without spaces or '#'
          bad series selector      | series: 'jvm_memory_used_bytes{area=\"heap\"}' | series: 'x{a=1}' | target.metrics.series: invalid series selector 'x{a=1}': expected '\"' to open the value of label 'a', found '1'
          metrics without url      | url: /metrics,                |                                  | target.metrics.url: is required
          memory delta not a size  | max-memory-delta: 10MiB       | max-memory-delta: lots           | defaults.thresholds.max-memory-delta: 'lots' is not a size such as 512KiB or 10MiB
          ignore-fields not a list | ignore-fields: [served_at]    | ignore-fields: served_at         | defaults.determinism.ignore-fields: must be a list of text, found text 'served_at'
          check not a boolean      | check: false                  | check: nope                      | endpoints[0].variants[1].determinism.check: must be true or false, found text 'nope'
          """)
  void invalidMeasurementSettingsNameTheField(String caseName, String from, String to, String expected) {
    String yaml = MEASURED.replace(from.replace("\\\"", "\""), to == null ? "" : to);
    assertNotEquals(MEASURED, yaml, "the case must change the plan: " + caseName);
    assertEquals(List.of(expected.replace("\\\"", "\"")), problems(yaml), caseName);
  }

  /** A self-signed certificate (keytool, EC, SubjectAltName IP 127.0.0.1); only its form matters. */
  private static final String CA_PEM =
      """
      -----BEGIN CERTIFICATE-----
      MIIBUjCB+aADAgECAgkA6RAladmF5bgwCgYIKoZIzj0EAwIwFDESMBAGA1UEAxMJ
      cGxhbi10ZXN0MCAXDTI2MTEyNjE4MDQxMFoYDzIxMjYxMTAyMTgwNDEwWjAUMRIw
      EAYDVQQDEwlwbGFuLXRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASQXjAC
      fx983H9IckvpGd49a5g1iYenc2IhSbO4kpHequa7moHr9KPtW76Mq8OG+XPQt/S+
      LJ0QmGh39P4chh2uozIwMDAdBgNVHQ4EFgQUzm5Lyoiq9OyxwkLPLF7XpNmhjdIw
      DwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDAgNIADBFAiEAz+tGhc2Xt7gN5oBu
      JyFn1phZWtL8naBcO0utzFjY8s8CIHIkyHMdtrRyiaOapdTi+pYpW5GW/qqZYZZ/
      13IF5X9O
      -----END CERTIFICATE-----
      """;

  private static Path caFile(Path dir) throws Exception {
    return Files.writeString(dir.resolve("ca.pem"), CA_PEM);
  }

  @Test
  void targetConnectionDefaultsToHttp11AndTheJvmsTrust() throws Exception {
    assertEquals(TargetConnection.DEFAULT, parse(VALID).connection());
    assertEquals(HttpProtocol.HTTP_1_1, parse(VALID).connection().httpVersion());
  }

  @Test
  void tlsAndHttpVersionAreRead(@TempDir Path dir) throws Exception {
    Path ca = caFile(dir);
    Plan plan = parse(VALID.replace("  base-url: http://127.0.0.1:8080/api/\n",
        "  base-url: https://127.0.0.1:8443/api/\n  tls: {ca-file: '" + ca + "'}\n  http-version: \"2\"\n"));
    assertEquals(new TargetConnection(new TlsSettings(false, ca), HttpProtocol.HTTP_2), plan.connection());
    assertEquals(plan.connection(), ShardSplit.shard(plan, 1, 2).connection(), "every shard connects alike");
    Plan trustAll = parse(VALID.replace("  base-url: http://127.0.0.1:8080/api/\n",
        "  base-url: https://127.0.0.1:8443/api/\n  tls: {trust-all: true}\n  http-version: 1.1\n"));
    assertEquals(new TargetConnection(new TlsSettings(true, null), HttpProtocol.HTTP_1_1), trustAll.connection());
    Plan unquoted = parse(VALID.replace("  base-url: http://127.0.0.1:8080/api/\n",
        "  base-url: http://127.0.0.1:8080/api/\n  http-version: 2\n"));
    assertEquals(HttpProtocol.HTTP_2, unquoted.connection().httpVersion());
  }

  @Test
  void httpVersionChangesTheDigestTrustDoesNot(@TempDir Path dir) throws Exception {
    String digest = parse(VALID).digest();
    String target = "  base-url: http://127.0.0.1:8080/api/\n";
    assertEquals(digest, parse(VALID.replace(target, target + "  http-version: \"1.1\"\n")).digest());
    assertEquals(digest, parse(VALID.replace(target, target + "  tls: {ca-file: '" + caFile(dir) + "'}\n")).digest());
    assertNotEquals(digest, parse(VALID.replace(target, target + "  http-version: \"2\"\n")).digest());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown tls key          | tls: {verify: false}                     | target.tls.verify: unknown field (allowed: ca-file, trust-all)
          http-version 3           | http-version: "3"                        | target.http-version: '3' is not an HTTP version the probe speaks (use "1.1" or "2")
          http-version 2.0         | http-version: 2.0                        | target.http-version: '2.0' is not an HTTP version the probe speaks (use "1.1" or "2")
          http-version a list      | http-version: [2]                        | target.http-version: must be a single value, found a list
          trust-all not a boolean  | tls: {trust-all: maybe}                  | target.tls.trust-all: must be true or false, found text 'maybe'
          tls not a mapping        | tls: true                                | target.tls: must be a mapping of fields, found a boolean
          ca-file missing          | tls: {ca-file: '$DIR/missing.pem'}       | target.tls.ca-file: '$DIR/missing.pem' does not exist
          ca-file a directory      | tls: {ca-file: '$DIR'}                   | target.tls.ca-file: '$DIR' is not a file
          ca-file not a PEM        | tls: {ca-file: '$DIR/plan.yaml'}         | target.tls.ca-file: '$DIR/plan.yaml' holds no PEM certificate (-----BEGIN CERTIFICATE-----)
          ca-file a broken PEM     | tls: {ca-file: '$DIR/broken.pem'}        | target.tls.ca-file: '$DIR/broken.pem' is not a valid PEM certificate file: $ANY
          trust-all and ca-file    | tls: {trust-all: true, ca-file: '$DIR/ca.pem'} | target.tls: set either trust-all or ca-file, not both (trust-all skips the certificate check a CA file is for)
          """)
  void invalidConnectionSettingsNameTheField(String caseName, String line, String expected, @TempDir Path dir)
      throws Exception {
    caFile(dir);
    Files.writeString(dir.resolve("plan.yaml"), VALID);
    Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    String target = "  base-url: http://127.0.0.1:8080/api/\n";
    List<String> problems = problems(VALID.replace(target, target + "  " + line.replace("$DIR", dir.toString()) + "\n"));
    String wanted = expected.replace("$DIR", dir.toString());
    assertEquals(1, problems.size(), problems::toString);
    if (wanted.endsWith("$ANY")) {
      assertTrue(problems.get(0).startsWith(wanted.substring(0, wanted.length() - 4)), problems.get(0));
    } else {
      assertEquals(wanted, problems.get(0), caseName);
    }
  }

  @Test
  void relativeCaFileIsNamedWithWhereItWasLookedFor() {
    Path resolved = Path.of("no-such-ca.pem").toAbsolutePath();
    assertEquals(
        List.of("target.tls.ca-file: 'no-such-ca.pem' (" + resolved + ") does not exist"),
        problems(VALID.replace("  base-url: http://127.0.0.1:8080/api/\n",
            "  base-url: http://127.0.0.1:8080/api/\n  tls: {ca-file: no-such-ca.pem}\n")));
  }

  @Test
  void missingRequiredFieldsAreEachNamed() {
    assertEquals(
        List.of("name: is required", "target: is required", "endpoints: is required"),
        problems("defaults: {}\n"));
  }

  @Test
  void emptyEndpointListAndVariantListAreProblems() {
    assertEquals(List.of("endpoints: must not be empty"), problems("name: p\ntarget: {base-url: http://h}\nendpoints: []\n"));
    assertEquals(
        List.of("endpoints[0].variants: must not be empty"),
        problems("name: p\ntarget: {base-url: http://h}\nendpoints: [{name: e, path: /, variants: []}]\n"));
  }

  @Test
  void syntaxErrorsAndNonMappingsAreReportedNotThrown() {
    List<String> broken = problems("name: [unclosed\n");
    assertEquals(1, broken.size());
    assertTrue(broken.get(0).startsWith("(plan): is not valid YAML:"), broken.get(0));
    assertEquals(List.of("(plan): must be a mapping of fields, found a list"), problems("- a\n- b\n"));
    assertEquals(List.of("(plan): must be a mapping of fields, found nothing"), problems(""));
    assertTrue(problems("name: a\nname: b\n").get(0).contains("Duplicate field 'name'"));
  }

  @Test
  void missingFilesAndDirectoriesAreProblems(@TempDir Path dir) {
    InvalidPlanException missing =
        assertThrows(InvalidPlanException.class, () -> loader.load(dir.resolve("nope.yaml")));
    assertEquals("(plan): no such file", missing.problems().get(0).toString());
    InvalidPlanException directory = assertThrows(InvalidPlanException.class, () -> loader.load(dir));
    assertEquals("(plan): is a directory, not a plan file", directory.problems().get(0).toString());
  }

  @Test
  void oversizedFilesAreRefusedBeforeParsing(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[(int) PlanLoader.MAX_PLAN_BYTES + 1]);
    InvalidPlanException e = assertThrows(InvalidPlanException.class, () -> loader.load(big));
    assertEquals("(plan): is larger than 1048576 bytes", e.problems().get(0).toString());
  }

  @Test
  void theHttpVersionIsPartOfAVariantsDefinitionSoHttp2IsNeverComparedWithHttp11() throws Exception {
    String plan = """
        name: versions
        target: {base-url: 'http://127.0.0.1:1'%s}
        endpoints: [{name: a, path: /a, variants: [{name: b}]}]
        """;
    String implicit = parse(plan.formatted("")).variants().get(0).definitionDigest();
    String explicit = parse(plan.formatted(", http-version: '1.1'")).variants().get(0).definitionDigest();
    Variant http2 = parse(plan.formatted(", http-version: '2'")).variants().get(0);
    assertEquals(implicit, explicit, "HTTP/1.1 keeps the digests written before the version counted");
    assertNotEquals(implicit, http2.definitionDigest());
    assertEquals(HttpProtocol.HTTP_2, http2.httpVersion());
    assertEquals(HttpProtocol.HTTP_2, ShardSplit.shard(parse(plan.formatted(", http-version: '2'")), 0, 2)
        .variants().get(0).httpVersion(), "shards keep it");
  }

  /**
   * A sent plan's CA file is a plan problem before anything touches the file system: a FIFO, which
   * would block a reader, an existing file and a missing one all give the same answer at once.
   */
  @Test
  void aPlanSentOverTheNetworkMayNotNameALocalFile(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("ca.pem");
    new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
    List<String> answers = new java.util.ArrayList<>();
    for (String file : List.of(fifo.toString(), "/etc/passwd", dir.resolve("missing.pem").toString())) {
      String plan = """
          name: sent
          target: {base-url: 'http://127.0.0.1:8080', tls: {ca-file: '%s'}}
          endpoints: [{name: a, path: /a, variants: [{name: v}]}]
          """.formatted(file);
      InvalidPlanException e = assertThrows(InvalidPlanException.class,
          () -> PlanLoader.forSentPlans().parse(plan, "sent", false, null));
      answers.add(e.problems().toString());
    }
    assertEquals(List.of("[target.tls.ca-file: a plan sent over the network may not name a local file]"),
        answers.stream().distinct().toList());
  }

  @Test
  void problemsUseThePlansWordsNeverAParsersOrJavas() throws Exception {
    List<String> noScheme = problems("name: x\ntarget: {base-url: '127.0.0.1:8080'}\n"
        + "endpoints: [{name: e, path: /e, variants: [{name: v}]}]\n");
    assertEquals(List.of("target.base-url: must be an http:// or https:// URL, found '127.0.0.1:8080'"), noScheme);
    InvalidPlanException yaml = assertThrows(InvalidPlanException.class, () -> parse("name: x\n  target: [\n"));
    assertTrue(yaml.getMessage().contains("is not valid YAML: mapping values are not allowed here (line 2, column 9)"),
        yaml.getMessage());
    assertFalse(yaml.getMessage().contains("reader"), yaml.getMessage());
    List<String> typo = problems("name: x\ntarget: {base-url: http://h}\n"
        + "endpoints: [{name: e, path: /e, variants: [{name: v, methd: GET, lod: {}}]}]\n");
    assertTrue(typo.get(0).contains("methd: unknown field; did you mean 'method'?"), typo.toString());
    assertTrue(typo.get(1).contains("lod: unknown field; did you mean 'load'?"), typo.toString());
    List<String> far = problems("name: x\ntarget: {base-url: http://h}\n"
        + "endpoints: [{name: e, path: /e, variants: [{name: v, colour: red}]}]\n");
    assertFalse(far.get(0).contains("did you mean"), "no suggestion that far off: " + far);
  }

  @Test
  void aBadEndpointDoesNotHideItsVariantsProblems() throws Exception {
    List<String> problems = problems("name: x\ntarget: {base-url: http://h}\n"
        + "endpoints: [{name: e, path: nope, variants: [{name: v, methd: GET}]}]\n");
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("endpoints[0].path"), problems.toString());
    assertTrue(problems.get(1).startsWith("endpoints[0].variants[0].methd"), problems.toString());
  }

  @Test
  void memoryGrowthIsASizePerRequest() throws Exception {
    String plan = "name: g\ntarget: {base-url: http://127.0.0.1:1}\ndefaults: {thresholds: {max-memory-growth: %s}}\n"
        + "endpoints: [{name: e, path: /e, variants: [{name: v}]}]\n";
    assertEquals(1024.0, parse(plan.formatted("1KiB/request")).variants().get(0).thresholds().maxMemoryGrowth());
    assertEquals(1024.0, parse(plan.formatted("1000KiB/1000requests")).variants().get(0).thresholds().maxMemoryGrowth());
    for (String bad : new String[] {"1KiB", "1KiB/s", "-1B/request", "x/request", "1KiB/requests", "1KiB/100requests"}) {
      InvalidPlanException e = assertThrows(InvalidPlanException.class, () -> parse(plan.formatted(bad)), bad);
      assertTrue(e.getMessage().contains("max-memory-growth"), e.getMessage());
    }
  }

  @Test
  void efficiencyLimitsParse() throws Exception {
    Thresholds t = parse("name: g\ntarget: {base-url: http://127.0.0.1:1}\n"
        + "defaults: {thresholds: {max-cpu-per-request: 2ms, max-alloc-per-request: 64KiB, max-gc-pause-share: 0.05,"
        + " max-fd-delta: 0, max-fd-growth: 1/1000requests}}\nendpoints: [{name: e, path: /e, variants: [{name: v}]}]\n")
        .variants().get(0).thresholds();
    assertEquals(Duration.ofMillis(2), t.maxCpuPerRequest());
    assertEquals(64L << 10, t.maxAllocPerRequest());
    assertEquals(0.05, t.maxGcPauseShare());
    assertEquals(0L, t.maxFdDelta());
    assertEquals(0.001, t.maxFdGrowth(), 1e-12);
    List<String> problems = problems("name: g\ntarget: {base-url: http://127.0.0.1:1}\n"
        + "defaults: {thresholds: {max-cpu-per-request: 2, max-gc-pause-share: 2, max-fd-delta: -1,"
        + " max-fd-growth: 0}}\nendpoints: [{name: e, path: /e, variants: [{name: v}]}]\n");
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.contains("max-fd-growth") && p.contains("1/1000requests")),
        problems.toString());
    for (String bad : new String[] {"-1/1000requests", "x/request", "1KiB/request", "1/s"}) {
      assertThrows(IllegalArgumentException.class, () -> Quantities.countPerRequest(bad), bad);
    }
  }

  @Test
  void aPlanMayNameTheMetricOfAnEfficiencyFigure() throws Exception {
    String plan = "name: g\ntarget:\n  base-url: http://127.0.0.1:1\n  metrics: {url: /metrics, efficiency: %s}\n"
        + "endpoints: [{name: e, path: /e, variants: [{name: v}]}]\n";
    assertEquals(Map.of("cpu", "app_cpu_seconds_total", "open-fds", "app_fds"),
        parse(plan.formatted("{cpu: app_cpu_seconds_total, open-fds: app_fds}")).metrics().efficiencySeries());
    assertEquals(Map.of(), parse(plan.formatted("{}")).metrics().efficiencySeries());
    for (String bad : new String[] {"{cpu: 'a{x=\"1\"}'}", "{cpu: '9bad'}", "{heap: x}"}) {
      InvalidPlanException e = assertThrows(InvalidPlanException.class, () -> parse(plan.formatted(bad)), bad);
      assertTrue(e.getMessage().contains("target.metrics.efficiency"), e.getMessage());
    }
  }
}
