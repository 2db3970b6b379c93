package io.runbookd.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** JSON patch (RFC 6902) as kustomize applies it: add, remove, replace, test. */
final class Rfc6902 {
  private Rfc6902() {}

  static void apply(ObjectNode doc, List<Map<String, Object>> ops) {
    for (Map<String, Object> op : ops) {
      String path = (String) op.get("path");
      JsonNode value = Kustomize.JSON.valueToTree(op.get("value"));
      String[] tokens = path.substring(1).split("/", -1);
      JsonNode parent = doc;
      for (int i = 0; i < tokens.length - 1; i++) {
        parent = child(parent, tokens[i], path);
      }
      String last = tokens[tokens.length - 1];
      switch ((String) op.get("op")) {
        case "add" -> add(parent, last, value);
        case "replace" -> {
          child(parent, last, path);
          set(parent, last, value);
        }
        case "remove" -> remove(parent, last, path);
        case "test" -> {
          if (!child(parent, last, path).equals(value)) {
            throw new IllegalStateException("test failed at " + path + ": " + child(parent, last, path));
          }
        }
        default -> throw new IllegalArgumentException("unsupported op " + op);
      }
    }
  }

  private static JsonNode child(JsonNode node, String token, String path) {
    JsonNode child = node.isArray() ? node.get(Integer.parseInt(token)) : node.get(token);
    if (child == null) {
      throw new IllegalStateException("no " + path + " (at " + token + ")");
    }
    return child;
  }

  private static void add(JsonNode parent, String token, JsonNode value) {
    if (parent instanceof ArrayNode array) {
      if (token.equals("-")) {
        array.add(value);
      } else {
        array.insert(Integer.parseInt(token), value);
      }
    } else {
      ((ObjectNode) parent).set(token, value);
    }
  }

  private static void set(JsonNode parent, String token, JsonNode value) {
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(token), value);
    } else {
      ((ObjectNode) parent).set(token, value);
    }
  }

  private static void remove(JsonNode parent, String token, String path) {
    child(parent, token, path);
    if (parent instanceof ArrayNode array) {
      array.remove(Integer.parseInt(token));
    } else {
      ((ObjectNode) parent).remove(token);
    }
  }
}
