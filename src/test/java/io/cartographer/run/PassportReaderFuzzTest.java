package io.cartographer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.passport.Passport;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PercentileCurve;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What reads stored passports beyond the index (the typed reader, then comparisons, baselines,
 * percentile curves) meets passports that parse as JSON but carry wrong types, missing fields and
 * absurd values: the reader refuses them as damaged, naming the property, or what follows answers
 * or raises {@link IllegalArgumentException} (which the API turns into a 4xx), never anything
 * else. Seeded, so a failure replays.
 */
class PassportReaderFuzzTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(longs = {7L, 11L, 20261126L})
  void mutatedPassportsAreComparedOrRefusedNeverCrash(long seed) throws Exception {
    Passport goodPassport = TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a", 1, 1000, 2000, 3000, 90_000);
    JsonNode good = TestPassports.tree(PassportJson.write(goodPassport));
    Random random = new Random(seed);
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      JsonNode mutant = good.deepCopy();
      int edits = 1 + random.nextInt(5);
      for (int e = 0; e < edits; e++) {
        mutate(mutant, random);
      }
      try {
        Passport read = PassportJson.read(MAPPER.writeValueAsBytes(mutant));
        PassportFigures.from(read);
        Baselines.compare(read, goodPassport, Map.of(), 0.01);
        Baselines.compare(goodPassport, read, Map.of(), 0.01);
        PercentileCurve.of(read, "health", "basic");
      } catch (PassportJson.UnreadablePassportException expected) {
        refused++;
        assertFalse(expected.getMessage().isBlank());
      } catch (IllegalArgumentException expected) {
        // refused with a reason
      } catch (RuntimeException | StackOverflowError e) {
        fail("seed " + seed + " mutant " + i + " raised " + e + "\n" + mutant, e);
      }
    }
    assertTrue(refused > 500, "most mutants are refused as damaged: " + refused);
  }

  @Test
  void aRenamedMissingOrNulledFieldIsReportedNotReadAsZero() throws Exception {
    ObjectNode good = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a", 1, 1000, 2000, 3000)));

    ObjectNode renamed = good.deepCopy();
    ObjectNode result = (ObjectNode) renamed.path("test_results").get(0);
    result.set("requests_total", result.remove("requests"));
    assertRefused(renamed, "test_results[0].requests");

    ObjectNode missing = good.deepCopy();
    ((ObjectNode) missing.path("summary")).remove("verdict");
    assertRefused(missing, "summary.verdict");

    ObjectNode nulled = good.deepCopy();
    ((ObjectNode) nulled.path("test_results").get(0).path("latency_ms")).putNull("p99");
    assertRefused(nulled, "test_results[0].latency_ms.p99");

    ObjectNode text = good.deepCopy();
    ((ObjectNode) text.path("system_info")).put("available_processors", "s3cr3t-2");
    assertRefused(text, "system_info.available_processors");

    ObjectNode fraction = good.deepCopy();
    ((ObjectNode) fraction.path("test_results").get(0)).put("failed", 1.5);
    assertRefused(fraction, "test_results[0].failed");

    ObjectNode unknownState = good.deepCopy();
    unknownState.put("status", "s3cr3t-finished");
    assertRefused(unknownState, "status");

    ObjectNode otherSchema = good.deepCopy();
    otherSchema.put("schema", "cartographer.passport/v0");
    assertRefused(otherSchema, "schema");
  }

  @Test
  void propertiesOfANewerProbeAreIgnored() throws Exception {
    ObjectNode newer = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a")));
    newer.put("written_by_a_later_version", true);
    ((ObjectNode) newer.path("test_results").get(0)).putObject("per_second").put("series", "new");
    Passport read = PassportJson.read(MAPPER.writeValueAsBytes(newer));
    assertEquals(newer.path("id").asText(), read.id());
  }

  @Test
  void propertiesAnOlderProbeDidNotWriteReadAsUnknownNotAsZero() throws Exception {
    ObjectNode older = (ObjectNode) TestPassports.tree(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a")));
    ((ObjectNode) older.path("cartographer")).remove("process_runs_before");
    ObjectNode result = (ObjectNode) older.path("test_results").get(0);
    result.remove(List.of("definition_digest", "rounds", "http_versions"));
    ((ObjectNode) result.path("load")).remove("http_version");
    Passport read = PassportJson.read(MAPPER.writeValueAsBytes(older));
    assertEquals(null, read.cartographer().processRunsBefore());
    assertEquals(null, read.testResults().get(0).definitionDigest());
    assertEquals(List.of(), read.testResults().get(0).rounds());
    assertEquals(Map.of(), read.testResults().get(0).httpVersions());
    assertEquals(null, PassportFigures.from(read).fingerprint().warmProbe(), "a probe of unknown warmth");
  }

  private static void assertRefused(JsonNode passport, String where) throws Exception {
    PassportJson.UnreadablePassportException e = assertThrows(PassportJson.UnreadablePassportException.class,
        () -> PassportJson.read(MAPPER.writeValueAsBytes(passport)));
    assertTrue(e.getMessage().contains(where), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), "the reason quotes no content of the file: " + e.getMessage());
  }

  /** Replaces one value anywhere in the tree with one of another type or an edge value. */
  private static void mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode parent = containers.get(random.nextInt(containers.size()));
    JsonNode replacement = switch (random.nextInt(10)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode("x");
      case 2 -> NODES.numberNode(-1);
      case 3 -> NODES.numberNode(Double.MAX_VALUE);
      case 4 -> NODES.numberNode(Long.MIN_VALUE);
      case 5 -> NODES.arrayNode().add(1).add("two");
      case 6 -> NODES.objectNode();
      case 7 -> NODES.booleanNode(true);
      case 8 -> NODES.textNode("HISTFAAAAAA=");
      default -> null; // remove
    };
    if (parent instanceof ObjectNode object && object.size() > 0) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (replacement == null) {
        object.remove(name);
      } else {
        object.set(name, replacement);
      }
    } else if (parent instanceof ArrayNode array && array.size() > 0) {
      int index = random.nextInt(array.size());
      if (replacement == null) {
        array.remove(index);
      } else {
        array.set(index, replacement);
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collect(child, out));
    }
  }
}
