package io.cartographer.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DemoRoutesTest {

  private static final String HASH = "[0-9a-f]{64}";

  @Test
  void healthIsUp() {
    given()
        .get("/demo/health")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("status", is("UP"));
  }

  @Test
  void heartbeatIsAlive() {
    given()
        .get("/demo/heartbeat")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("status", is("alive"));
  }

  @Test
  void latestBlockTopsTheChain() {
    String previousHash =
        given()
            .get("/demo/blocks/latest")
            .then()
            .statusCode(200)
            .contentType(ContentType.JSON)
            .body("height", is(99))
            .body("statement_count", is(100))
            .body("hash", matchesPattern(HASH))
            .body("merkle_root", matchesPattern(HASH))
            .extract()
            .path("previous_hash");

    given().get("/demo/blocks/98").then().statusCode(200).body("hash", equalTo(previousHash));
  }

  @Test
  void genesisBlockFollowsNothing() {
    given()
        .get("/demo/blocks/0")
        .then()
        .statusCode(200)
        .body("height", is(0))
        .body("previous_hash", is("0".repeat(64)));
  }

  @Test
  void unknownHeightIsNotFound() {
    given()
        .get("/demo/blocks/100")
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", is("no block at height 100"));
  }

  @Test
  void nonNumericHeightIsBadRequest() {
    given()
        .get("/demo/blocks/abc")
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", is("height must be a whole number, got 'abc'"));
  }

  @Test
  void statementsDefaultToTheFirstHundred() {
    given()
        .get("/demo/statements")
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body("count", is(100))
        .body("statements.size()", is(100))
        .body("statements[0].id", is(1))
        .body("statements[99].id", is(100));
  }

  @Test
  void statementsHonourLimitAndIgnoreUnknownParameters() {
    given()
        .queryParam("limit", "3")
        .queryParam("sort", "desc")
        .get("/demo/statements")
        .then()
        .statusCode(200)
        .body("count", is(3))
        .body("statements.size()", is(3))
        .body("statements[2].amount_cents", notNullValue());
  }

  @Test
  void limitZeroIsAnEmptyList() {
    given()
        .queryParam("limit", "0")
        .get("/demo/statements")
        .then()
        .statusCode(200)
        .body("count", is(0))
        .body("statements.size()", is(0));
  }

  @Test
  void fullLedgerIsTenThousandStatements() {
    given()
        .queryParam("limit", "10000")
        .get("/demo/statements")
        .then()
        .statusCode(200)
        .body("count", is(10_000))
        .body("statements.size()", is(10_000))
        .body("statements[9999].id", is(10_000));
  }

  @Test
  void badLimitsAreBadRequestsThatSayWhy() {
    for (String limit : new String[] {"-1", "10001", "abc", "1e3"}) {
      given()
          .queryParam("limit", limit)
          .get("/demo/statements")
          .then()
          .statusCode(400)
          .contentType(ContentType.JSON)
          .body("error", is("limit must be a whole number from 0 to 10000, got '" + limit + "'"));
    }
  }

  @Test
  void uiShowsTheLatestBlockAndTwentyStatements() {
    given()
        .get("/demo/ui")
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML)
        .body(containsString("Latest block"))
        .body(containsString(" #20</td>"))
        .body(not(containsString(" #21</td>")));
  }

  @Test
  void unknownPathUnderDemoIsNotFound() {
    given().get("/demo/no-such-endpoint").then().statusCode(404);
  }

  @Test
  void metricsAreRealPrometheusFigures() {
    String text =
        given()
            .get("/demo/metrics")
            .then()
            .statusCode(200)
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
            .body(containsString("jvm_memory_used_bytes{area=\"heap\",id=\""))
            .body(containsString("jvm_memory_used_bytes{area=\"nonheap\",id=\""))
            .body(containsString("\ndemo_ledger_blocks 100\n"))
            .body(containsString("\ndemo_ledger_statements 10000\n"))
            .body(containsString("# TYPE demo_requests_total counter"))
            .extract()
            .asString();

    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc on this system");
    Matcher rss = Pattern.compile("(?m)^process_resident_memory_bytes (\\d+)$").matcher(text);
    assertTrue(rss.find(), text);
    assertTrue(Long.parseLong(rss.group(1)) > 0, text);
  }
}
