package io.cartographer.run;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographer.passport.PassportFigures;
import io.cartographer.passport.PassportJson;
import io.cartographer.passport.PercentileCurve;
import io.cartographer.testing.TestPassports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What reads stored passports beyond the index (comparisons, baselines, percentile curves) meets
 * passports that parse as JSON but carry wrong types, missing fields and absurd values: it
 * answers or raises {@link IllegalArgumentException} (which the API turns into a 4xx), never
 * anything else. Seeded, so a failure replays.
 */
class PassportReaderFuzzTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @ParameterizedTest
  @ValueSource(longs = {7L, 11L, 20261126L})
  void mutatedPassportsAreComparedOrRefusedNeverCrash(long seed) throws Exception {
    JsonNode good = PassportJson.read(PassportJson.write(
        TestPassports.passport(Instant.parse("2026-11-26T10:00:00Z"), "0000000a", 1, 1000, 2000, 3000, 90_000)));
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      JsonNode mutant = good.deepCopy();
      int edits = 1 + random.nextInt(5);
      for (int e = 0; e < edits; e++) {
        mutate(mutant, random);
      }
      try {
        PassportFigures.from(mutant);
        Baselines.compare(mutant, good, Map.of(), 0.01);
        Baselines.compare(good, mutant, Map.of(), 0.01);
        PercentileCurve.of(mutant, "health", "basic");
      } catch (IllegalArgumentException expected) {
        // refused with a reason
      } catch (RuntimeException | StackOverflowError e) {
        fail("seed " + seed + " mutant " + i + " raised " + e + "\n" + mutant, e);
      }
    }
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
