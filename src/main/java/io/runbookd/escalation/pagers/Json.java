package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds request bodies as explicit JSON trees, so the wire shape is visible in the code, and reads
 * single fields out of answers.
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings always serialises", e);
    }
  }

  /** A top-level text field of a JSON answer; empty when the answer is not JSON or lacks it. */
  static Optional<String> text(String body, String field) {
    return tree(body)
        .map(node -> node.path(field))
        .filter(JsonNode::isTextual)
        .map(JsonNode::asText);
  }

  /** The texts of a top-level array field (PagerDuty's {@code errors}), else empty. */
  static List<String> texts(String body, String field) {
    List<String> out = new ArrayList<>();
    tree(body)
        .map(node -> node.path(field))
        .filter(JsonNode::isArray)
        .ifPresent(array -> array.forEach(item -> out.add(item.asText())));
    return out;
  }

  private static Optional<JsonNode> tree(String body) {
    try {
      return Optional.ofNullable(MAPPER.readTree(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
