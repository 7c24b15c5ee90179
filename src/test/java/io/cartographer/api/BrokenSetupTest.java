package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(BrokenSetupProfile.class)
class BrokenSetupTest {

  @Test
  void notReadyWhenThePlanIsInvalidOrTheDirectoryUnwritable() {
    given().get("/q/health/ready").then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'passport-directory' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'passport-directory' }.data.error", containsString("not writable: FileSystemException: Not a directory"))
        .body(org.hamcrest.Matchers.not(containsString("/a-file")))
        .body("checks.find { it.name == 'plan' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'plan' }.data.error", containsString("endpoints: must not be empty"));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void thePlanCheckFollowsThePlanFileAsItChanges() throws Exception {
    // the check keeps its answer while the file is unchanged; a rewritten file is checked anew
    java.nio.file.Path plan = java.nio.file.Path.of(
        org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("cartographer.plan", String.class));
    String broken = java.nio.file.Files.readString(plan);
    try {
      java.nio.file.Files.writeString(plan, "name: mended\ntarget: {base-url: \"http://127.0.0.1:9\"}\n"
          + "endpoints:\n  - name: x\n    path: /\n    variants:\n      - name: a\n        load: {concurrency: 1, requests: 10}\n");
      given().get("/q/health/ready").then()
          .body("checks.find { it.name == 'plan' }.status", equalTo("UP"))
          .body("checks.find { it.name == 'plan' }.data.name", equalTo("mended"));
      given().get("/q/health/ready").then().body("checks.find { it.name == 'plan' }.status", equalTo("UP"));
      java.nio.file.Files.writeString(plan, broken);
      given().get("/q/health/ready").then()
          .body("checks.find { it.name == 'plan' }.status", equalTo("DOWN"))
          .body("checks.find { it.name == 'plan' }.data.error", containsString("endpoints: must not be empty"));
    } finally {
      java.nio.file.Files.writeString(plan, broken);
    }
  }

  @Test
  void runOfAnInvalidPlanIsRefusedWithEveryProblem() {
    given().post("/run").then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("problems", hasItems(
            "extra: unknown field (allowed: defaults, endpoints, name, target)",
            "target: is required",
            "endpoints: must not be empty"));
  }

  @Test
  void unreadableDirectoryIsAProblemNotAStackTrace() {
    given().get("/passports/latest").then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("detail", equalTo("the passport directory cannot be used now; the server log says why"))
        .body(org.hamcrest.Matchers.not(containsString("a-file")))
        .body(org.hamcrest.Matchers.not(containsString("at io.")));
  }
}
