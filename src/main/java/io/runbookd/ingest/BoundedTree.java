package io.runbookd.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a notification into a tree that never holds more than {@link #MAX_MEMBERS} members of one
 * object or {@link #MAX_ELEMENTS} elements of one array: past that, the parser only steps over
 * the rest, building nothing. One more than every limit is kept, so the checks that follow still
 * see that a map is over its limit and name it (an alert with 200,000 labels is rejected as
 * {@code alerts[0].labels} without 200,000 entries ever being built), and its siblings are read
 * as usual. Duplicate keys among the members kept are refused, as Jackson's strict duplicate
 * detection would; a member past the limit is not kept, so it is not compared either.
 */
final class BoundedTree {
  /** No object of a notification may hold more than labels do. */
  static final int MAX_MEMBERS = Limits.MAX_LABELS + 1;

  static final int MAX_ELEMENTS = Limits.MAX_ALERTS + 1;

  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  /** The document's tree; null when there is no document at all. */
  JsonNode read(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    return token == null ? null : value(parser, token);
  }

  private JsonNode value(JsonParser p, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(p, "unexpected end of input");
    }
    return switch (token) {
      case START_OBJECT -> object(p);
      case START_ARRAY -> array(p);
      case VALUE_STRING -> nodes.textNode(p.getText());
      case VALUE_NUMBER_INT -> integer(p);
      case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> nodes.booleanNode(true);
      case VALUE_FALSE -> nodes.booleanNode(false);
      case VALUE_NULL -> nodes.nullNode();
      default -> throw new JsonParseException(p, "unexpected " + token);
    };
  }

  private JsonNode integer(JsonParser p) throws IOException {
    return switch (p.getNumberType()) {
      case INT -> nodes.numberNode(p.getIntValue());
      case LONG -> nodes.numberNode(p.getLongValue());
      default -> nodes.numberNode(p.getBigIntegerValue());
    };
  }

  private ObjectNode object(JsonParser p) throws IOException {
    ObjectNode node = nodes.objectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      if (node.size() == MAX_MEMBERS) {
        skipRest(p, JsonToken.FIELD_NAME);
        break;
      }
      String name = p.currentName();
      if (node.has(name)) {
        throw new JsonParseException(p, "Duplicate field '" + name + "'");
      }
      node.set(name, value(p, p.nextToken()));
    }
    return node;
  }

  private ArrayNode array(JsonParser p) throws IOException {
    ArrayNode node = nodes.arrayNode();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (node.size() == MAX_ELEMENTS) {
        skipRest(p, token);
        break;
      }
      node.add(value(p, token));
    }
    return node;
  }

  /**
   * Steps over the rest of the object or array that {@code first} (the current token) is in,
   * up to its end, building nothing.
   */
  private static void skipRest(JsonParser p, JsonToken first) throws IOException {
    int depth = 0;
    for (JsonToken next = first; ; next = p.nextToken()) {
      if (next == null) {
        throw new JsonParseException(p, "unexpected end of input");
      }
      if (next.isStructStart()) {
        depth++;
      } else if (next.isStructEnd() && depth-- == 0) {
        return;
      }
    }
  }
}
