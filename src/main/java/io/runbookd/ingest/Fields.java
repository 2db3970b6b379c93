package io.runbookd.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Typed, validated access to the fields of one JSON object; errors name the field's path. */
final class Fields {
  /** Go's zero time, which Alertmanager sends as {@code endsAt} of a firing alert. */
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private final JsonNode node;
  private final String path;

  Fields(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  void requireObject() throws PayloadException {
    if (!node.isObject()) {
      throw new PayloadException(path.isEmpty() ? "$" : path, "must be a JSON object");
    }
  }

  String requiredText(String name, int maxLength) throws PayloadException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new PayloadException(field(name), "is required");
    }
    return text(name, value, maxLength);
  }

  String optionalText(String name, int maxLength) throws PayloadException {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? "" : text(name, value, maxLength);
  }

  private String text(String name, JsonNode value, int maxLength) throws PayloadException {
    if (!value.isTextual()) {
      throw new PayloadException(field(name), "must be a string");
    }
    if (value.textValue().length() > maxLength) {
      throw new PayloadException(field(name), "is longer than " + maxLength + " characters");
    }
    return value.textValue();
  }

  String requiredEnum(String name, String... allowed) throws PayloadException {
    String value = requiredText(name, 64);
    for (String candidate : allowed) {
      if (candidate.equals(value)) {
        return value;
      }
    }
    throw new PayloadException(
        field(name), "must be one of " + String.join(", ", allowed) + "; got '" + clip(value) + "'");
  }

  int optionalCount(String name) throws PayloadException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new PayloadException(field(name), "must be a non-negative whole number");
    }
    return value.intValue();
  }

  JsonNode requiredArray(String name) throws PayloadException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new PayloadException(field(name), "is required");
    }
    if (!value.isArray()) {
      throw new PayloadException(field(name), "must be an array");
    }
    return value;
  }

  /** A map of the envelope (group or common labels): never larger than one alert's labels. */
  Map<String, String> optionalStringMap(String name) throws PayloadException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    return stringMap(name, value, Limits.MAX_LABELS, Limits.MAX_LABEL_NAME, Limits.MAX_ANNOTATION_VALUE);
  }

  Map<String, String> stringMap(String name, JsonNode value, int maxEntries, int maxKey, int maxValue)
      throws PayloadException {
    if (!value.isObject()) {
      throw new PayloadException(field(name), "must be an object of strings");
    }
    if (value.size() > maxEntries) {
      throw new PayloadException(field(name), "has more than " + maxEntries + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String key = e.getKey();
      String entryField = field(name) + "." + clip(key);
      if (key.isEmpty() || key.length() > maxKey) {
        throw new PayloadException(entryField, "names must be 1 to " + maxKey + " characters");
      }
      if (!e.getValue().isTextual()) {
        throw new PayloadException(entryField, "must be a string");
      }
      if (e.getValue().textValue().length() > maxValue) {
        throw new PayloadException(entryField, "is longer than " + maxValue + " characters");
      }
      out.put(key, e.getValue().textValue());
    }
    return out;
  }

  /** An RFC 3339 time; Go's zero time means "not set". */
  Optional<Instant> time(String name, boolean required) throws PayloadException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw new PayloadException(field(name), "is required");
      }
      return Optional.empty();
    }
    String text = text(name, value, 64);
    try {
      Instant instant = OffsetDateTime.parse(text).toInstant();
      return instant.equals(GO_ZERO) ? Optional.empty() : Optional.of(instant);
    } catch (DateTimeParseException e) {
      throw new PayloadException(field(name), "is not an RFC 3339 time: '" + clip(text) + "'");
    }
  }

  JsonNode node() {
    return node;
  }

  /** Untrusted text quoted back in an error message: bounded, without control characters. */
  static String clip(String text) {
    String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
