package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cartographer.passport.PassportStore;
import io.cartographer.testing.SlowTargetResource;
import io.cartographer.testing.TestPassports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@QuarkusTestResource(SlowTargetResource.class)
class PassportApiTest {

  private static final Instant FUTURE = Instant.parse("2099-01-01T00:00:00Z");

  @Inject PassportStore store;

  @BeforeEach
  void storeThreePassportsNewerThanAnyRun() throws Exception {
    for (int i = 1; i <= 3; i++) {
      store.write(TestPassports.passport(FUTURE.plusSeconds(i), "f000000" + i));
    }
  }

  /**
   * A symlink to a secret, a directory and a FIFO named like passports: none is followed or
   * opened, each answers 422 with a reason that quotes nothing, and the listing still works.
   */
  @Test
  void filesThatAreNotPassportsAreNeverServed() throws Exception {
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("environ", ".txt");
    java.nio.file.Files.writeString(secret, "{\"token\":\"s3cret-token\"}");
    java.nio.file.Path link = store.dir().resolve("20990102T000001Z-e0000001.json");
    java.nio.file.Path directory = store.dir().resolve("20990102T000002Z-e0000002.json");
    java.nio.file.Path fifo = store.dir().resolve("20990102T000003Z-e0000003.json");
    try {
      java.nio.file.Files.createSymbolicLink(link, secret);
      java.nio.file.Files.createDirectories(directory);
      boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
      store.rescan();
      for (String id : List.of("20990102T000001Z-e0000001", "20990102T000002Z-e0000002")) {
        given().get("/passports/" + id).then().statusCode(422)
            .body(not(containsString("s3cret"))).body(not(containsString(store.dir().toString())));
      }
      if (haveFifo) {
        given().get("/passports/20990102T000003Z-e0000003").then().statusCode(422);
      }
      given().get("/passports?limit=50").then().statusCode(200)
          .body(not(containsString("s3cret")))
          .body(containsString("is a symbolic link; passports are regular files"));
    } finally {
      java.nio.file.Files.deleteIfExists(link);
      java.nio.file.Files.deleteIfExists(directory);
      java.nio.file.Files.deleteIfExists(fifo);
      java.nio.file.Files.deleteIfExists(secret);
      store.rescan();
    }
  }

  @Test
  void listsNewestFirstAndPagesWithTheNextCursor() {
    var first = given().get("/passports?limit=2").then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("20990101T000003Z-f0000003", "20990101T000002Z-f0000002"), first.getList("items.id"));
    assertEquals("20990101T000002Z-f0000002", first.getString("next"));
    assertEquals("fixture", first.getString("items[0].plan"));

    var second = given().get("/passports?limit=2&before=" + first.getString("next")).then().statusCode(200)
        .extract().jsonPath();
    assertEquals("20990101T000001Z-f0000001", second.getString("items[0].id"));
  }

  @Test
  void comparesTwoPassportsTheWayTheCommandLineDoes() throws Exception {
    var response = given().get("/passports/20990101T000003Z-f0000003/compare?baseline=20990101T000001Z-f0000001")
        .then().statusCode(200).extract().jsonPath();
    assertEquals("20990101T000001Z-f0000001", response.getString("baseline_id"));
    var a = comparisons.read(store, "20990101T000003Z-f0000003");
    var b = comparisons.read(store, "20990101T000001Z-f0000001");
    var direct = comparisons.compare(a, b, java.util.Optional.empty());
    assertEquals(direct.byVariant().get("health/basic").status().label(), response.getString("by_variant.'health/basic'.status"));
    assertEquals(direct.byVariant().get("health/basic").metrics().size(),
        response.getList("by_variant.'health/basic'.metrics").size());
    given().get("/passports/20990101T000003Z-f0000003/compare").then().statusCode(400);
    given().get("/passports/20990101T000003Z-f0000003/compare?baseline=20990101T000009Z-f0000009").then().statusCode(404);
  }

  @Test
  void pinsAndUnpinsABaseline() throws Exception {
    given().post("/passports/20990101T000001Z-f0000001/pin").then().statusCode(200)
        .body("plan", equalTo("fixture")).body("pinned", equalTo("20990101T000001Z-f0000001"));
    assertEquals(java.util.Optional.of("20990101T000001Z-f0000001"), store.pinned("fixture"));
    given().delete("/passports/20990101T000002Z-f0000002/pin").then().statusCode(404);
    given().delete("/passports/20990101T000001Z-f0000001/pin").then().statusCode(204);
    assertEquals(java.util.Optional.empty(), store.pinned("fixture"));
  }

  @Inject io.cartographer.run.Comparisons comparisons;

  @Test
  void servesOnePassportAsWritten() {
    given().get("/passports/20990101T000001Z-f0000001").then()
        .statusCode(200)
        .contentType("application/json")
        .body("id", equalTo("20990101T000001Z-f0000001"))
        .body("schema", equalTo("cartographer.passport/v1"));
    given().get("/passports/20990101T000009Z-f0000009").then().statusCode(404).contentType("application/problem+json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "abc%00def", "latest.json", "..%2F", "20990101T000001Z-f0000001.json"})
  void idsThatCouldEscapeTheDirectoryAreRejected(String id) {
    given().urlEncodingEnabled(false).get("/passports/" + id).then()
        .statusCode(not(200))
        .body(not(containsString("root:")));
  }

  @Test
  void malformedIdsGetAClearProblem() {
    given().get("/passports/abc").then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("'abc' is not a passport id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=501", "limit=abc", "before=..%2Fx", "before=20990101"})
  void badListParametersAreRejected(String query) {
    given().urlEncodingEnabled(false).get("/passports?" + query).then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void trendsFollowAMetricOverThePlansPassports() {
    var trend = given().get("/trends?plan=fixture&metric=p99&since=2099-01-01T00:00:01Z").then().statusCode(200)
        .extract().jsonPath();
    assertEquals("ms", trend.getString("unit"));
    assertEquals("health", trend.getString("series[0].endpoint"));
    assertEquals(
        List.of("20990101T000001Z-f0000001", "20990101T000002Z-f0000002", "20990101T000003Z-f0000003"),
        trend.getList("series[0].points.passport_id"));
    assertEquals(3.0, trend.getDouble("series[0].points[2].value"), 0.01);
    assertEquals(false, trend.getBoolean("series[0].points[2].regression"));
    given().get("/trends?plan=fixture&metric=throughput&limit=1").then().statusCode(200)
        .body("unit", equalTo("rps"))
        .body("series[0].points.passport_id", equalTo(List.of("20990101T000003Z-f0000003")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"metric=p99", "plan=", "plan=fixture&metric=p42", "plan=fixture&since=yesterday",
      "plan=fixture&limit=0", "plan=fixture&limit=1001", "plan=fixture&limit=x"})
  void badTrendQueriesAreRejectedWithTheReason(String query) {
    given().get("/trends?" + query).then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", not(equalTo("")));
  }

  @Test
  void percentileCurveOfAVariantFromItsHistogram() {
    var curve = given().get("/passports/20990101T000003Z-f0000003/percentiles?endpoint=health&variant=basic")
        .then().statusCode(200).extract().jsonPath();
    assertEquals(3, curve.getInt("count"));
    List<Float> values = curve.getList("points.value", Float.class);
    assertEquals(3.0, values.get(values.size() - 1), 0.01);
    given().get("/passports/20990101T000003Z-f0000003/percentiles?endpoint=health&variant=nope").then().statusCode(404);
    given().get("/passports/20990101T000003Z-f0000003/percentiles").then().statusCode(400);
    given().get("/passports/bad/percentiles?endpoint=a&variant=b").then().statusCode(400);
  }

  @Test
  void listingSaysRegressionsAreUnknownForARunThatWasNotCompared() {
    given().get("/passports?limit=1").then().statusCode(200)
        .body("items[0]", org.hamcrest.Matchers.hasKey("regressions"))
        .body("items[0].regressions", org.hamcrest.Matchers.nullValue());
  }
}
