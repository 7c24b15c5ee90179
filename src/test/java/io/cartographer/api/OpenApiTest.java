package io.cartographer.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographer.testing.SlowTargetResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes the wire: the property names real answers carry, every status
 * they come with, problem+json bodies, an optional run body and the bearer scheme.
 */
@QuarkusTest
@QuarkusTestResource(SlowTargetResource.class)
class OpenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode document() throws Exception {
    return JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A response object, or the component its {@code $ref} names. */
  private static JsonNode response(JsonNode doc, JsonNode response) {
    String ref = response.path("$ref").asText("");
    return ref.startsWith("#/") ? doc.at(ref.substring(1)) : response;
  }

  /** The documented properties of {@code schema}, resolved from components. */
  private static Set<String> documented(JsonNode doc, String schema) {
    return names(doc.at("/components/schemas/" + schema + "/properties"));
  }

  @Test
  void postRunDocumentsEveryStatusItAnswersWithAndTheBodiesMatchTheirSchemas() throws Exception {
    JsonNode doc = document();
    JsonNode post = doc.at("/paths/~1run/post");
    assertEquals(Set.of("202", "401", "403", "409", "413", "422", "503"), names(post.path("responses")));
    assertFalse(post.at("/requestBody/required").asBoolean(), "the body is optional");
    assertEquals("bearer", post.at("/security/0").fieldNames().next());
    assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
    assertEquals("http", doc.at("/components/securitySchemes/bearer/type").asText());

    Response first = given().post("/run");
    Response second = given().post("/run");
    for (Response answer : new Response[] {first, second}) {
      String code = Integer.toString(answer.statusCode());
      assertTrue(post.path("responses").has(code), code + " is documented");
      JsonNode body = JSON.readTree(answer.asString());
      String schema = code.equals("202") ? "RunStatus" : "Problem";
      assertTrue(documented(doc, schema).containsAll(names(body)),
          schema + " documents " + documented(doc, schema) + ", the answer has " + names(body));
      if (!code.equals("202")) {
        assertTrue(response(doc, post.path("responses").path(code)).path("content").has(Problem.MEDIA_TYPE),
            code + " is problem+json");
      }
    }
    assertEquals(409, second.statusCode(), "a second run while the first goes on");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> given().get("/runs/current").statusCode() == 204);
  }

  @Test
  void schemasNameThePropertiesAsTheJsonDoes() throws Exception {
    JsonNode doc = document();
    assertTrue(documented(doc, "RunStatus").containsAll(Set.of("started_at", "finished_at", "passport_id", "passport_path")),
        documented(doc, "RunStatus").toString());
    assertTrue(documented(doc, "Problem").contains("running_id"), documented(doc, "Problem").toString());
    for (String schema : names(doc.at("/components/schemas"))) {
      for (String property : documented(doc, schema)) {
        assertFalse(property.matches(".*[a-z][A-Z].*"), schema + "." + property + " is camelCase");
      }
    }
    JsonNode passportById = doc.at("/paths/~1passports~1{id}/get/responses");
    assertEquals(Set.of("200", "400", "404"), names(passportById));
    for (String path : new String[] {"/passports/not-an-id", "/passports/20201126T152233Z-3f9a1c2b"}) {
      int code = given().get(path).statusCode();
      assertTrue(passportById.has(Integer.toString(code)), path + " answered " + code + ", documented " + names(passportById));
    }
    assertEquals(PassportResource.SCHEMA_PATH, passportById.at("/200/content/application~1json/schema/$ref").asText(),
        "a passport body refers to the served schema");
    JsonNode served = JSON.readTree(given().get(PassportResource.SCHEMA_PATH).then().statusCode(200).extract().asString());
    assertEquals("https://json-schema.org/draft/2020-12/schema", served.path("$schema").asText());
    assertEquals("bearer", doc.at("/paths/~1passports~1{id}~1pin/post/security/0").fieldNames().next());
    JsonNode runsId = doc.at("/paths/~1runs~1{id}/get/responses");
    assertEquals(Set.of("200", "400", "404"), names(runsId));
    assertEquals(400, given().get("/runs/not-an-id").statusCode());
    assertEquals(404, given().get("/runs/0000ffff").statusCode());
  }
}
