package io.runbookd.probes.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Picks fields out of a JSON body by JSON pointer ({@code /checks/db/status}) and turns them into
 * values rule conditions can read: text, {@code Long}, {@code Double}, {@code Boolean}, and lists
 * and maps of those. JSON {@code null} counts as missing, since probe data holds no nulls.
 */
final class JsonFields {
  static final int MAX_POINTERS = 32;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  /** The extracted fields by name, and the names whose pointer found nothing. */
  record Extracted(Map<String, Object> fields, List<String> missing) {}

  private JsonFields() {}

  /** Names CEL can read ({@code fields.db}) and pointers Jackson can compile. */
  static final Check POINTERS =
      value -> {
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.size() > MAX_POINTERS) {
          return Optional.of("at most " + MAX_POINTERS + " pointers");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String name = String.valueOf(e.getKey());
          if (!NAME.matcher(name).matches()) {
            return Optional.of(
                "'" + Checks.clip(name) + "' is not a field name (letters, digits, _)");
          }
          String pointer = String.valueOf(e.getValue());
          if (pointer.length() > 256 || !compiles(pointer)) {
            return Optional.of(
                name + ": '" + Checks.clip(pointer) + "' is not a JSON pointer such as /checks/db");
          }
        }
        return Optional.empty();
      };

  private static boolean compiles(String pointer) {
    try {
      JsonPointer.compile(pointer);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Extracts every pointer from {@code document}; all are missing when there is none. */
  static Extracted extract(Optional<JsonNode> document, Map<String, String> pointers) {
    Map<String, Object> fields = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    pointers.forEach(
        (name, pointer) -> {
          Object value = document.map(d -> value(d.at(pointer))).orElse(null);
          if (value == null) {
            missing.add(name);
          } else {
            fields.put(name, value);
          }
        });
    return new Extracted(fields, List.copyOf(missing));
  }

  /** The node as probe data; null for JSON null and missing nodes. */
  static Object value(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(item -> add(out, value(item)));
      return List.copyOf(out);
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.properties().forEach(e -> put(out, e.getKey(), value(e.getValue())));
      return out;
    }
    return node.asText();
  }

  private static void add(List<Object> out, Object value) {
    if (value != null) {
      out.add(value);
    }
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
