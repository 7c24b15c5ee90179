package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.cartographer.testing.LoopbackServer;
import io.cartographer.testing.SlowTargetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plan sent with {@code POST /run} runs only when the service allows overrides, and only
 * against the allowed hosts: no requests into cluster-internal addresses.
 */
@QuarkusTest
@TestProfile(PlanOverrideTest.Allowed.class)
@QuarkusTestResource(SlowTargetResource.class)
class PlanOverrideTest {

  /** Overrides on, for 127.0.0.1 only. */
  public static class Allowed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "cartographer.run.allow-plan-override", "true",
          "cartographer.run.allowed-hosts", "127.0.0.1,*.example.test");
    }
  }

  private static LoopbackServer target;

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL url;

  @BeforeAll
  static void startTarget() throws Exception {
    target = LoopbackServer.start(req -> req.response().end("{\"sent\":\"plan\"}"));
  }

  @AfterAll
  static void stopTarget() throws Exception {
    target.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String plan(String baseUrl, String extra) {
    return """
        name: sent-plan
        target: {base-url: %s%s}
        defaults: {load: {concurrency: 2, requests: 20, warmup: 0, timeout: 2s}}
        endpoints:
          - name: one
            path: /one
            variants: [{name: only}]
        """.formatted(baseUrl, extra);
  }

  @Test
  void aPlanForAnAllowedHostRunsAndItsPassportSaysWhereItCameFrom() {
    String id = given().contentType("application/yaml").body(bytes(plan(target.baseUrl().toString(), "")))
        .post("/run").then().statusCode(202).extract().path("id");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> !"running".equals(given().get("/runs/" + id).path("state")));
    String passportId = given().get("/runs/" + id).then().body("state", equalTo("done")).extract().path("passport_id");
    given().get("/passports/" + passportId).then().statusCode(200)
        .body("plan.name", equalTo("sent-plan"))
        .body("plan.source", equalTo("plan sent with POST /run"))
        .body("test_results[0].requests", equalTo(20));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://10.0.0.1:8080", "http://kubernetes.default.svc", "http://169.254.169.254",
      "http://localhost:8080", "http://example.test", "http://evil.example.test.attacker.net"})
  void aPlanForAnyOtherHostIsRefusedAndNothingRuns(String baseUrl) {
    given().contentType("application/yaml").body(bytes(plan(baseUrl, ""))).post("/run").then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Plan refused"))
        .body("detail", containsString("is not in cartographer.run.allowed-hosts"));
    given().get("/runs/current").then().statusCode(204);
  }

  @Test
  void aMetricsEndpointOnAnotherHostIsRefusedToo() {
    String extra = ", metrics: {url: 'http://169.254.169.254/latest/meta-data'}";
    given().contentType("application/yaml").body(bytes(plan(target.baseUrl().toString(), extra))).post("/run").then()
        .statusCode(403)
        .body("detail", containsString("169.254.169.254"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "/no/such/file.pem", "relative.pem"})
  void aSentPlanMayNotNameLocalFilesAndTheAnswerNeverSaysWhetherOneExists(String file) {
    String extra = ", tls: {ca-file: '" + file + "'}";
    given().contentType("application/yaml").body(bytes(plan(target.baseUrl().toString(), extra))).post("/run").then()
        .statusCode(403)
        .body("detail", equalTo(
            "target.tls.ca-file is not allowed in a plan sent with the request; configure the plan file instead"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"name: [unclosed", "{\"name\": 42}", "\u0000\u0001binary", "- just\n- a list"})
  void aPlanThatDoesNotParseIsAProblemListNotACrash(String body) {
    given().contentType("application/yaml").body(bytes(body)).post("/run").then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("detail", equalTo("the plan sent with the request cannot be run; fix every problem listed"));
    given().get("/runs/current").then().statusCode(204);
  }

  @Test
  void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
    // A raw request that announces 300 KiB and sends none of it: the limit is judged on the
    // announced length, so the answer comes before any of the body is read.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
          + "Content-Length: " + (300 * 1024) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      org.junit.jupiter.api.Assertions.assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
    }
    given().get("/runs/current").then().statusCode(204);
  }

  /** A chunked body has no announced length: it is cut at the limit as it arrives, 413. */
  @Test
  void anOversizedChunkedBodyIsCutAt413AndNothingRuns() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(("POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] chunk = ("8000\r\n" + "a".repeat(0x8000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      String status = null;
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII));
      try {
        for (int i = 0; i < 12; i++) { // 384 KiB, past the 256 KiB limit
          out.write(chunk);
        }
        out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the server may close the connection as soon as it has answered
      }
      status = in.readLine();
      org.junit.jupiter.api.Assertions.assertEquals("HTTP/1.1 413 Request Entity Too Large", status);
    }
    given().get("/runs/current").then().statusCode(204);
    given().get("/q/health/live").then().statusCode(200);
  }

  /**
   * The abusive plan of the security review: every cap it breaks is named in one answer, with the
   * setting that raises it, and nothing runs.
   */
  @Test
  void aSentPlanBeyondTheCapsIsRefusedNamingEachCap() {
    StringBuilder variants = new StringBuilder();
    variants.append("{name: v0, load: {requests: 1000000000}}");
    for (int i = 1; i < 51; i++) {
      variants.append(",{name: v").append(i).append("}");
    }
    String abusive = """
        name: abusive
        target: {base-url: %s}
        defaults:
          headers: {Host: internal.admin}
          load: {concurrency: 10000, warmup: 0, max-body: 1GiB}
        endpoints:
          - name: one
            path: /one
            variants: [%s]
          - name: open
            path: /open
            variants: [{name: flood, load: {model: open, rate: 1000000/s, duration: 24h}}]
        """.formatted(target.baseUrl(), variants);
    given().contentType("application/yaml").body(bytes(abusive)).post("/run").then()
        .statusCode(403)
        .body("title", equalTo("Plan refused"))
        .body("detail", containsString("more than cartographer.run.caps.max-variants=50"))
        .body("detail", containsString("one/v0: 10000 connections, more than cartographer.run.caps.max-connections=256"))
        .body("detail", containsString("requests, more than cartographer.run.caps.max-requests=1000000"))
        .body("detail", containsString("more than cartographer.run.caps.max-body-bytes=16777216"))
        .body("detail", containsString("rate 1000000/s, more than cartographer.run.caps.max-rate=5000"))
        .body("detail", containsString("more than cartographer.run.caps.max-duration=900s"))
        .body("detail", containsString("a Host header"));
    given().get("/runs/current").then().statusCode(204);
  }

  /** A long run is cancelled over HTTP: it stops at once and stores an aborted passport. */
  @Test
  void aRunInProgressCanBeCancelledIntoAnAbortedPassport() {
    String longPlan = """
        name: sent-long
        target: {base-url: %s}
        defaults: {load: {concurrency: 2, duration: 5m, warmup: 0, timeout: 2s, rounds: 1}}
        endpoints:
          - name: one
            path: /one
            variants: [{name: only}, {name: never}]
        """.formatted(target.baseUrl());
    String id = given().contentType("application/yaml").body(bytes(longPlan))
        .post("/run").then().statusCode(202).extract().path("id");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> "one/only".equals(given().get("/runs/" + id).path("progress.current_variant")));
    given().delete("/runs/" + id).then().statusCode(202);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> !"running".equals(given().get("/runs/" + id).path("state")));
    String passportId = given().get("/runs/" + id).then().body("state", equalTo("aborted")).extract().path("passport_id");
    given().get("/passports/" + passportId).then().statusCode(200)
        .body("status", equalTo("aborted"))
        .body("performance_guarantee.regression_note", containsString("cancelled by DELETE /runs/" + id));
    given().delete("/runs/" + id).then().statusCode(409);
    given().delete("/runs/0badc0de").then().statusCode(404);
    given().delete("/runs/not-an-id").then().statusCode(400);
  }
}
