package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.run.RunCoordinator;
import io.cartographer.testing.SlowTargetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(TokenGuardTest.WithToken.class)
@QuarkusTestResource(SlowTargetResource.class)
class TokenGuardTest {

  private static final String BEARER = "Bearer s3cret-token";

  /** The API protected by a token. */
  public static class WithToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("cartographer.api.token", "s3cret-token");
    }
  }

  @Inject RunCoordinator runs;

  @BeforeEach
  void noRunInProgress() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> runs.running().isEmpty());
  }

  @Test
  void runNeedsTheToken() {
    given().post("/run").then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", equalTo("Bearer"));
    given().header("Authorization", "Bearer wrong-token").post("/run").then().statusCode(401);
    given().header("Authorization", "s3cret-token").post("/run").then().statusCode(401);
    given().header("Authorization", BEARER).post("/run").then().statusCode(202);
  }

  /**
   * Every spelling of a mutating route that the router might match: the guard sits on the matched
   * method, so each one either meets it (401) or matches nothing (404/405); none starts anything.
   */
  @Test
  void noSpellingOfAMutatingPathSlipsPastTheGuard() {
    String pin = "/passports/20990101T000001Z-f0000001/pin";
    List<String> runForms = List.of("/run/", "/run;x=1", "/%72un", "/run%2F", "//run", "/./run", "/run/.",
        "/RUN", "/Run/", "/run?x=/pin", "/run/;");
    List<String> pinForms = List.of(pin + "/", pin + ";x=1", pin.replace("/pin", "/%70in"), "/" + pin,
        pin.replace("/passports/", "/passports//"), pin + "%2F", pin.toUpperCase(), pin + "/.");
    for (String form : runForms) {
      int status = given().urlEncodingEnabled(false).post(form).statusCode();
      assertTrue(status == 401 || status == 404 || status == 405 || status == 400,
          "POST " + form + " answered " + status);
    }
    for (String form : pinForms) {
      for (String method : List.of("POST", "DELETE")) {
        int status = given().urlEncodingEnabled(false).request(method, form).statusCode();
        assertTrue(status == 401 || status == 404 || status == 405 || status == 400,
            method + " " + form + " answered " + status);
      }
    }
    given().urlEncodingEnabled(false).post("/run/").then().statusCode(401);
    given().urlEncodingEnabled(false).post(pin + "/").then().statusCode(401);
    given().urlEncodingEnabled(false).delete(pin + "/").then().statusCode(401);
    assertTrue(runs.running().isEmpty(), "no run was started");
  }

  @Test
  void theBearerSchemeNameIsCaseInsensitive() {
    given().header("Authorization", "bearer s3cret-token").post("/run").then().statusCode(202);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> runs.running().isEmpty());
    given().header("Authorization", "BEARER s3cret-token").post("/run").then().statusCode(202);
    given().header("Authorization", "Basic s3cret-token").post("/passports/20990101T000001Z-f0000001/pin")
        .then().statusCode(401);
  }

  @Test
  void pinNeedsTheTokenButReadingDoesNot() {
    given().post("/passports/20990101T000001Z-f0000001/pin").then().statusCode(401);
    given().delete("/passports/20990101T000001Z-f0000001/pin").then().statusCode(401);
    given().delete("/runs/0badc0de").then().statusCode(401);
    given().urlEncodingEnabled(false).delete("/runs/0badc0de/").then().statusCode(401);
    given().get("/passports").then().statusCode(200);
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void aHundredConcurrentTriggersStartExactlyOneRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(25);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(pool.submit(() -> {
          go.await();
          return given().header("Authorization", BEARER).post("/run").statusCode();
        }));
      }
      go.countDown();
      int started = 0;
      int refused = 0;
      for (Future<Integer> answer : answers) {
        int status = answer.get();
        started += status == 202 ? 1 : 0;
        refused += status == 409 ? 1 : 0;
      }
      assertEquals(1, started, "exactly one run starts");
      assertEquals(99, refused, "every other trigger gets 409");
      given().get("/passports").then().statusCode(200);
    } finally {
      pool.shutdownNow();
    }
  }
}
