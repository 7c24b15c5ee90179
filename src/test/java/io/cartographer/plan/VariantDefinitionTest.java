package io.cartographer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cartographer.testing.TestVariants;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A variant's definition digest: its canonical text as documented, stable for unchanged
 * variants, moved by every setting that changes what is measured and by none that does not; and
 * the former digest, frozen, equal to what passports before the canonical encoding carry.
 */
class VariantDefinitionTest {

  /** Written by the probe before the canonical encoding (commit a38b829), for the fixtures below. */
  private static final Map<String, String> FORMER_FIXTURE_DIGESTS = Map.of(
      "health/basic", "51b40b0d6e12ba7b085c004b4d8b0f5036f75d42bdd58cc6475b56372a717345",
      "statements/posted", "60190f91faecea1d8edc84a3d8e23cd82152478f84da59f9134d8a16d352f9e3",
      "health/paced", "2c08faf912f60682397b3ca96391db3dfd1a2ed79fcd7a747f6c12fe95d14cad",
      "health/h2", "e45446c0d0193609975f1d924dbf9229bce2e15dc03ca6aaccbec0dd2f546a29");

  /** The same, for every variant of the built-in demo plan. */
  private static final Map<String, String> FORMER_DEMO_DIGESTS = Map.ofEntries(
          Map.entry("metrics/basic", "edc908e5e763c19ce0ca036430594fa6b8df0df7b200d90b56f48e4af9dd5296"),
          Map.entry("health/basic", "d8b2fbee398674433890108966c32084e261593eebcfb665827a71c540f70779"),
          Map.entry("health/odd-query", "3f87b5c5523568a8f21d5822c9e5821629747744e6b454ca5a56c38919da2cea"),
          Map.entry("health/stress", "fe43653b8b4743bbe14dcedf3371c92324a75e8bd9a59082c2d359637987cd28"),
          Map.entry("blocks/latest", "bae64ba51fc172fb905360aad92c80688a8cd970ffdd07150fa8649995a3fe00"),
          Map.entry("blocks/genesis", "21cf6823a2ce9097f766c751fcd3d45d87a4cbdc6f31eb52ab1d993c02e34d14"),
          Map.entry("blocks/unknown-height", "a3f90298836403f93fae89e23aebb034086de271075ffd03d2661c7c5e5cc0e7"),
          Map.entry("blocks/stress", "b1b1d5e106f62bfa6f621adb316b4057152bc2acd8630b12d6c1dea834a31031"),
          Map.entry("statements/default-limit", "ab611f78df0fb64eaf31d00a9c0227dda7f9f8dc1865e8222cd539f3d52acbd4"),
          Map.entry("statements/limit-zero", "dbcfd304846f1a0295b442e3fb4baca9beba841acf8b5de8b3c25be7f76b4b97"),
          Map.entry("statements/limit-negative", "2d88f5ae0da880471d71e19f4c32ce45adddcc753d57b7c835489df757d1f88a"),
          Map.entry("statements/limit-not-a-number", "b3b2ac3fd05239ef190cbce3aeb34c878c898c8b72aa28743c3b794143995037"),
          Map.entry("statements/limit-1000", "b850c4199323b3b45fe89037b385a771c9cfe6f36833d58171cf19f970c935e0"),
          Map.entry("statements/limit-5000", "1dca97cdc98ed52367fcae83d9a516853fbb47bca68ef39cf54c2a05e7d8c1d1"),
          Map.entry("statements/limit-10000", "1e40682d14491d3acc4955d4d685d75000c274fb84fb9453f450d200b8b65f2c"),
          Map.entry("statements/limit-10000-unknown-params", "cf9f7a6383c44de007e2bfdd97980244e6bf3e5c6580340d9c686d7be2cb664b"),
          Map.entry("statements/stress", "fe3533988d19176317b9d49013ad6ef190a0b66bb7620311632baf5fe2ec6baa"),
          Map.entry("ui/basic", "b57a8cf18aa3683b33e0bb370e8c708473b8f5759c67ff05999f900a40ba53b5"),
          Map.entry("heartbeat/basic", "fe8f371621e9149d74b8ccca4cdbbac900894ea8916cee06c251534fd64b21dc"),
          Map.entry("heartbeat/stress", "3857c0e0820cd9e2c7aa4b182918503bd93623c219929555fb920754feb631df"));

  /** Digests under {@value VariantDefinition#VERSION}: pinned, so that no change of code moves them unnoticed. */
  private static final Map<String, String> FIXTURE_DIGESTS = Map.of(
      "health/basic", "c8898eb9f905c4d8fe4d3a4da5a83ea8efbe07cea7d39c02cacb55dea105b923",
      "statements/posted", "2008f0ae9751779b691f0f61331180fa687a56ad741e6661615465e7923f43a6",
      "health/paced", "0497014b381913957ee31db03b3fba221a7e3e387a12359ec4bbcc6c5767ecd5",
      "health/h2", "7fd10cdb0b18ecac55a8dc97bf0e6c56629c526535c2ce044042f40d292da3ec");

  private static final String[] FIXTURES = {
      "name: pins\ntarget: {base-url: http://127.0.0.1:1}\nendpoints:\n  - name: health\n    path: /health\n    variants: [{name: basic}]\n",
      "name: pins\ntarget: {base-url: http://127.0.0.1:1}\nendpoints:\n  - name: statements\n    path: /statements\n    variants:\n      - name: posted\n        query: limit=10\n        method: POST\n        headers: {X-Tenant: a, Accept: application/json}\n        body: '{\"q\": 1}'\n        expected-status: 201\n        load: {concurrency: 8, duration: 3s, warmup: 50, timeout: 2s, rounds: 3}\n        determinism: {ignore-fields: [ts, id]}\n",
      "name: pins\ntarget: {base-url: http://127.0.0.1:1}\nendpoints:\n  - name: health\n    path: /health\n    variants:\n      - name: paced\n        load: {model: open, rate: 200/s, duration: 2s, max-connections: 16, late-tolerance: 5ms}\n",
      "name: pins\ntarget: {base-url: http://127.0.0.1:1, http-version: '2'}\nendpoints:\n  - name: health\n    path: /health\n    variants: [{name: h2, determinism: {check: false}}]\n",
  };

  private static Map<String, Variant> fixtures() throws Exception {
    Map<String, Variant> variants = new LinkedHashMap<>();
    for (String plan : FIXTURES) {
      for (Variant v : new PlanLoader().parse(plan, "pins", false, null).variants()) {
        variants.put(v.key(), v);
      }
    }
    return variants;
  }

  @Test
  void theFormerDigestIsWhatPassportsBeforeTheCanonicalEncodingCarry() throws Exception {
    fixtures().forEach((key, v) -> assertEquals(FORMER_FIXTURE_DIGESTS.get(key), v.formerDefinitionDigest(), key));
    String demo;
    try (InputStream in = getClass().getResourceAsStream("/plans/demo-plan.yaml")) {
      demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Variant> variants =
        new PlanLoader().parse(demo, "demo", false, URI.create("http://127.0.0.1:8080/demo")).variants();
    // heartbeat/soak, heartbeat/ramp and heartbeat/capacity came after the change of encoding: they have no baselines
    // under the former one.
    assertEquals(FORMER_DEMO_DIGESTS.keySet(), variants.stream().map(Variant::key)
        .filter(key -> !key.equals("heartbeat/soak") && !key.equals("heartbeat/ramp") && !key.equals("heartbeat/capacity"))
        .collect(java.util.stream.Collectors.toSet()));
    for (Variant v : variants) {
      if (FORMER_DEMO_DIGESTS.containsKey(v.key())) {
        assertEquals(FORMER_DEMO_DIGESTS.get(v.key()), v.formerDefinitionDigest(), v.key());
      }
    }
  }

  @Test
  void digestsOfUnchangedVariantsArePinned() throws Exception {
    fixtures().forEach((key, v) -> assertEquals(FIXTURE_DIGESTS.get(key), v.definitionDigest(), key));
  }

  @Test
  void theCanonicalTextIsTheDocumentedOne() throws Exception {
    assertEquals(
        """
        cartographer.variant-definition/v2
        endpoint="statements"
        variant="posted"
        method="POST"
        target="/statements?limit=10"
        header.accept="application/json"
        header.x-tenant="a"
        body="{\\"q\\": 1}"
        expected-status=201
        http-version="1.1"
        load.model="closed"
        load.concurrency=8
        load.requests=null
        load.duration-ns=3000000000
        load.warmup=50
        load.timeout-ns=2000000000
        load.max-body-bytes=10485760
        load.rounds=3
        determinism.check=true
        determinism.ignore-fields=["ts","id"]
        """,
        fixtures().get("statements/posted").definition());
    assertEquals(
        """
        cartographer.variant-definition/v2
        endpoint="health"
        variant="paced"
        method="GET"
        target="/health"
        body=null
        expected-status=200
        http-version="1.1"
        load.model="open"
        load.rate=200
        load.duration-ns=2000000000
        load.max-connections=16
        load.late-tolerance-ns=5000000
        load.warmup=10
        load.timeout-ns=5000000000
        load.max-body-bytes=10485760
        load.rounds=5
        determinism.check=true
        determinism.ignore-fields=[]
        """,
        fixtures().get("health/paced").definition());
  }

  @Test
  void everySettingThatChangesTheMeasurementMovesTheDigestAndNoOtherDoes() {
    Variant base = TestVariants.variant().build();
    Map<String, UnaryOperator<TestVariants.Builder>> changes = new LinkedHashMap<>();
    changes.put("name", b -> b.named("e", "w"));
    changes.put("method", b -> b.request("POST", "/"));
    changes.put("path", b -> b.request("GET", "/x"));
    changes.put("header", b -> b.headers(Map.of("X-A", "1")));
    changes.put("header value", b -> b.headers(Map.of("X-A", "2")));
    changes.put("empty body", b -> b.body(""));
    changes.put("status", b -> b.expectedStatus(204));
    changes.put("http version", b -> b.httpVersion(HttpProtocol.HTTP_2));
    changes.put("concurrency", b -> b.load(TestVariants.closed(2, 100L, null, 0, Duration.ofSeconds(5), 1L << 20)));
    changes.put("requests", b -> b.load(TestVariants.closed(1, 101L, null, 0, Duration.ofSeconds(5), 1L << 20)));
    changes.put("duration", b -> b.load(TestVariants.closed(1, null, Duration.ofSeconds(1), 0, Duration.ofSeconds(5), 1L << 20)));
    changes.put("warm-up", b -> b.load(TestVariants.closed(1, 100L, null, 1, Duration.ofSeconds(5), 1L << 20)));
    changes.put("timeout", b -> b.load(TestVariants.closed(1, 100L, null, 0, Duration.ofSeconds(6), 1L << 20)));
    changes.put("max body", b -> b.load(TestVariants.closed(1, 100L, null, 0, Duration.ofSeconds(5), 1L << 21)));
    changes.put("model", b -> b.load(TestVariants.open(100, Duration.ofSeconds(1), 64, 0, Duration.ofSeconds(5), 1L << 20)));
    changes.put("determinism", b -> b.determinism(new Determinism(false, List.of())));
    changes.put("ignored fields", b -> b.determinism(new Determinism(true, List.of("ts"))));
    java.util.Set<String> seen = new java.util.HashSet<>(List.of(base.definitionDigest()));
    changes.forEach((what, change) -> {
      String digest = change.apply(TestVariants.variant()).build().definitionDigest();
      assertEquals(true, seen.add(digest), what + " must move the digest to one of its own");
    });

    assertEquals(base.definitionDigest(),
        TestVariants.variant().thresholds(new Thresholds(Duration.ofMillis(1), Duration.ofMillis(2), 0.0, 1L, 2L))
            .build().definitionDigest(), "thresholds judge a measurement; they do not change it");
    assertEquals(base.definitionDigest(),
        TestVariants.variant().headers(Map.of()).build().definitionDigest());
    LoadSettings closedWithOtherOpenSettings = new LoadSettings(LoadModel.CLOSED, 1, 100L, null, 0,
        Duration.ofSeconds(5), 1L << 20, 999.0, 3, Duration.ofMillis(40), 1);
    assertEquals(base.definitionDigest(),
        TestVariants.variant().load(closedWithOtherOpenSettings).build().definitionDigest(),
        "settings of the open model do not move a closed-model digest");
    assertNotEquals(base.definitionDigest(), base.formerDefinitionDigest(), "the encodings differ");
  }

  @Test
  void headerNamesAreCaseInsensitiveAndTextIsEscaped() {
    assertEquals(
        TestVariants.variant().headers(Map.of("X-Tenant", "a")).build().definitionDigest(),
        TestVariants.variant().headers(Map.of("x-tenant", "a")).build().definitionDigest());
    String text = TestVariants.variant().body("a\"b\nc=d").build().definition();
    assertEquals(true, text.contains("body=\"a\\\"b\\nc=d\"\n"), text);
  }
}
