package io.cartographer.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * A JSON body with named fields removed at every depth, re-serialised compactly, so that bodies
 * differing only in timestamps or request ids digest alike. A body that is not JSON is returned
 * as it is.
 */
final class JsonProjection {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonProjection() {}

  static byte[] without(byte[] body, List<String> fields) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null) {
        return body;
      }
      drop(root, fields);
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      return body;
    }
  }

  private static void drop(JsonNode node, List<String> fields) {
    if (node instanceof ObjectNode object) {
      object.remove(fields);
    }
    for (JsonNode child : node) {
      drop(child, fields);
    }
  }
}
