package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/runbooks/{id}/runs} ({@code {"by": "...", "params": {...}}}) and
 * of {@code .../drills} ({@code {"by": "..."}}), read strictly: unknown fields, duplicate keys and
 * parameter values other than text, numbers and booleans are refused, naming the field. Values
 * become the text the manual trigger's binder reads ({@code 3}, {@code 0.5}, {@code true}).
 */
final class RunBody {
  static final int MAX_BYTES = 16 * 1024;
  private static final String BY = "[A-Za-z0-9@._ -]{1,128}";
  private static final String NAME = "[A-Za-z0-9_.-]{1,64}";

  /** Who starts the run, and its parameters as text. */
  record Parsed(String by, Map<String, String> params) {}

  /** A body that cannot be used, naming its field. */
  static final class BadBodyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    BadBodyException(String field, String message) {
      super(message);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  private final ObjectReader reader;

  RunBody(ObjectMapper json) {
    this.reader = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /** @param withParams whether {@code params} is allowed (runs) or not (drills take the rule's) */
  Parsed parse(String body, boolean withParams) throws BadBodyException {
    if (body == null || body.isBlank()) {
      return new Parsed("api", Map.of());
    }
    JsonNode root = read(body);
    String by = "api";
    Map<String, String> params = Map.of();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      switch (field.getKey()) {
        case "by" -> by = by(field.getValue());
        case "params" -> {
          if (!withParams) {
            throw new BadBodyException("params", "a drill runs with the runbook's drill.params; none are taken here");
          }
          params = params(field.getValue());
        }
        default -> throw new BadBodyException(name(field.getKey(), "$"), "unknown field; known: by"
            + (withParams ? ", params" : ""));
      }
    }
    return new Parsed(by, params);
  }

  private JsonNode read(String body) throws BadBodyException {
    try {
      JsonNode root = reader.readTree(body);
      if (root == null || !root.isObject()) {
        throw new BadBodyException("$", "the body must be a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new BadBodyException("$", "malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static String by(JsonNode node) throws BadBodyException {
    if (!node.isTextual() || !node.asText().matches(BY)) {
      throw new BadBodyException("by", "must be a name of 1 to 128 letters, digits, spaces or @._-");
    }
    return node.asText();
  }

  private static Map<String, String> params(JsonNode node) throws BadBodyException {
    if (!node.isObject()) {
      throw new BadBodyException("params", "must be an object of parameter names and values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : node.properties()) {
      JsonNode value = p.getValue();
      if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
        throw new BadBodyException(name(p.getKey(), "params"), "must be text, a number, true or false");
      }
      out.put(p.getKey(), value.asText());
    }
    return out;
  }

  /** A field name quoted back only when it is plain; else where it was. */
  private static String name(String key, String where) {
    if (!key.matches(NAME)) {
      return where;
    }
    return where.equals("$") ? key : where + "." + key;
  }
}
