package io.runbookd.silence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.runbookd.rules.SafeText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What one silence matches: every label of one alert, each by equality ({@code isRegex: false},
 * {@code isEqual: true}). It silences that alert and no alert that differs from it in any of its
 * labels; a group's label values alone would also silence the group's alerts that the rule does
 * not cover.
 *
 * @param labels the alert's labels, by name
 */
public record Matchers(SortedMap<String, String> labels) {

  public Matchers {
    labels = new TreeMap<>(labels);
  }

  public static Matchers of(Map<String, String> labels) {
    return new Matchers(new TreeMap<>(labels));
  }

  /** Names the label set: the first 96 bits of SHA-256 over the sorted names and values. */
  public String hash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      labels.forEach((name, value) -> {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Alertmanager API v2's {@code matchers}. */
  ArrayNode json(ObjectMapper json) {
    ArrayNode out = json.createArrayNode();
    labels.forEach((name, value) -> out.addObject()
        .put("name", name)
        .put("value", value)
        .put("isRegex", false)
        .put("isEqual", true));
    return out;
  }

  /** The labels as JSON, as the store keeps them. */
  String labelsJson(ObjectMapper json) {
    return json.valueToTree(labels).toString();
  }

  /** Reads {@link #labelsJson}; empty when the text is not such an object. */
  static Optional<Matchers> parse(String text, ObjectMapper json) {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      SortedMap<String, String> labels = new TreeMap<>();
      node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      return Optional.of(new Matchers(labels));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** One inert line for timelines: {@code alertname="HighErrorRate", namespace="nba-mcp"}. */
  public String display() {
    StringJoiner out = new StringJoiner(", ");
    labels.forEach((name, value) -> out.add(SafeText.of(name, 60) + "=\"" + SafeText.of(value, 80) + "\""));
    return SafeText.of(out.toString(), 400);
  }
}
