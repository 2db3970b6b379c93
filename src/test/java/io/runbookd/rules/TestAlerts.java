package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds alerts for tests: from an Alertmanager webhook file (a minimal reading, not the intake's
 * parser) or from labels and annotations.
 */
final class TestAlerts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestAlerts() {}

  static List<Alert> fromWebhook(Path file) throws IOException {
    List<Alert> alerts = new ArrayList<>();
    for (JsonNode alert : JSON.readTree(file.toFile()).path("alerts")) {
      Instant endsAt = Instant.parse(alert.path("endsAt").asText());
      alerts.add(
          new Alert(
              Alert.Status.valueOf(
                  alert.path("status").asText().toUpperCase(java.util.Locale.ROOT)),
              strings(alert.path("labels")),
              strings(alert.path("annotations")),
              Instant.parse(alert.path("startsAt").asText()),
              endsAt.equals(Instant.parse("0001-01-01T00:00:00Z"))
                  ? Optional.empty()
                  : Optional.of(endsAt),
              alert.path("generatorURL").asText(),
              alert.path("fingerprint").asText()));
    }
    return alerts;
  }

  static Alert firing(Map<String, String> labels, Map<String, String> annotations) {
    return new Alert(
        Alert.Status.FIRING,
        labels,
        annotations,
        Instant.parse("2025-10-12T14:03:27Z"),
        Optional.empty(),
        "",
        "0123456789abcdef");
  }

  static Alert firing(Map<String, String> labels) {
    return firing(labels, Map.of());
  }

  static Alert withValue(String alertname, String value) {
    return firing(Map.of("alertname", alertname, "namespace", "nba-mcp"), Map.of("value", value));
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
