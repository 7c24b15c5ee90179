package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cartographer.testing.PassportSchema;
import io.cartographer.testing.SlowTargetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(SlowTargetResource.class)
class RunApiTest {

  @Test
  void oneRunAtATimeWithProgressAndAPassportAtTheEnd() throws Exception {
    Response started = given().post("/run");
    started.then().statusCode(202).header("Location", endsWith("/runs/" + started.path("id")));
    String id = started.path("id");
    assertEquals("running", started.path("state"));

    given().post("/run").then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("running_id", equalTo(id))
        .body("title", equalTo("Run in progress"));

    given().get("/runs/current").then().statusCode(200).body("id", equalTo(id));
    given().get("/passports?limit=5").then().statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/").then().statusCode(200);
    given().get("/runs/" + id).then()
        .statusCode(200)
        .body("state", equalTo("running"))
        .body("trigger", equalTo("http"))
        .body("progress.variants_total", equalTo(2));

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> !"running".equals(given().get("/runs/" + id).path("state")));
    JsonPath done = given().get("/runs/" + id).then().statusCode(200).extract().jsonPath();
    assertEquals("done", done.getString("state"));
    assertEquals("PASS", done.getString("verdict"));
    assertEquals(2, done.getInt("progress.variants_done"));
    assertEquals(120, done.getLong("progress.requests_done"));
    String passportId = done.getString("passport_id");
    given().get("/runs/current").then().statusCode(204);

    byte[] passport = given().get("/passports/" + passportId).then().statusCode(200)
        .contentType("application/json").extract().asByteArray();
    PassportSchema.assertValid(passport);
    assertTimelineAndItsLatencyLog(passportId);
    // latest.json names the newest complete passport by start time: this run's, unless another
    // test of this JVM stored passports dated later in the shared test directory.
    String newest = given().get("/passports?limit=500").then().statusCode(200)
        .extract().path("items.find { it.status == 'complete' }.id");
    assertEquals(newest, given().get("/passports/latest").then().statusCode(200).extract().path("id"));
    if (newest.equals(passportId)) {
      assertArrayEquals(passport, given().get("/passports/latest").then().statusCode(200).extract().asByteArray());
    }
    given().get("/passports").then().statusCode(200).body("items.id", hasItems(passportId));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    org.junit.jupiter.api.Assertions.assertTrue(
        metrics.contains("cartographer_variant_latency_p99_seconds{endpoint=\"items\",plan=\"slow-target\",variant=\"first\"}"),
        metrics.lines().filter(l -> l.startsWith("cartographer")).toList().toString());
    org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("cartographer_runs_total{plan=\"slow-target\",verdict=\"PASS\"}"));
    org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(
        "cartographer_variant_target_cpu_seconds_per_request{endpoint=\"items\",plan=\"slow-target\",variant=\"first\"}"),
        metrics.lines().filter(l -> l.startsWith("cartographer_variant_target")).toList().toString());
    org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("cartographer_last_success_timestamp_seconds{plan=\"slow-target\"}"));

    String next = given().post("/run").then().statusCode(202).body("id", notNullValue()).extract().path("id");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> "done".equals(given().get("/runs/" + next).path("state")));
  }

  /**
   * Each variant's per-second intervals add up to its requests, and the interval log the passport
   * names is served and read back by HdrHistogram's reader, one tag per variant holding its
   * successful requests.
   */
  private static void assertTimelineAndItsLatencyLog(String passportId) throws Exception {
    JsonPath p = given().get("/passports/" + passportId).then().statusCode(200).extract().jsonPath();
    java.util.Map<String, Long> succeeded = new java.util.HashMap<>();
    int variants = p.getInt("test_results.size()");
    for (int i = 0; i < variants; i++) {
      String at = "test_results[" + i + "].";
      List<Integer> perSecond = p.getList(at + "timeline.requests", Integer.class);
      assertEquals(p.getLong(at + "requests"), perSecond.stream().mapToLong(Integer::longValue).sum(), at);
      assertEquals(passportId + ".hlog", p.getString(at + "timeline.latency_log.file"));
      succeeded.put(p.getString(at + "timeline.latency_log.tag"), p.getLong(at + "succeeded"));
    }
    byte[] log = given().get("/passports/" + passportId + "/latency-log").then().statusCode(200)
        .contentType(startsWith("text/plain")).extract().asByteArray();
    var reader = new org.HdrHistogram.HistogramLogReader(new java.io.ByteArrayInputStream(log));
    java.util.Map<String, Long> logged = new java.util.HashMap<>();
    for (var h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
      logged.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
    }
    assertEquals(succeeded, logged);
    given().get("/passports/20200101T000000Z-0000abcd/latency-log").then().statusCode(404)
        .contentType("application/problem+json");
    given().get("/passports/..%2Fsecret/latency-log").then().statusCode(anyOf(equalTo(400), equalTo(404)));
  }

  @Test
  void aPlanInTheRequestIsRefusedUnlessOverridesAreAllowed() {
    given().contentType("application/json")
        .body("{\"name\": \"x\", \"target\": {\"base-url\": \"http://10.0.0.1\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .post("/run").then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", equalTo("this service runs only its configured plan; a plan in the request needs"
            + " cartographer.run.allow-plan-override=true"));
    given().get("/runs/current").then().statusCode(204);
  }

  @Test
  void runIdsAreValidated() {
    given().get("/runs/not-an-id").then().statusCode(400).contentType("application/problem+json");
    given().get("/runs/deadbeef").then().statusCode(404).body("detail", equalTo("no run deadbeef is known"));
  }

  @Test
  void healthSaysLiveAndReady() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems("plan", "passport-directory"));
  }

  @Test
  void openApiDescribesTheApi() {
    given().get("/q/openapi?format=json").then().statusCode(200)
        .body("paths.keySet()", hasItems("/run", "/runs/{id}", "/passports", "/passports/latest", "/passports/{id}"));
  }
}
