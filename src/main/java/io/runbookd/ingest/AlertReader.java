package io.runbookd.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.alert.Alert;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validates one element of {@code alerts[]}; a problem rejects this alert only. */
final class AlertReader {
  /** Alertmanager sends 16 hex digits; other senders get some room, but no free text. */
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Za-z_-]{1,128}");

  Alert read(JsonNode node, String path) throws PayloadException {
    Fields fields = new Fields(node, path);
    fields.requireObject();
    String status = fields.requiredEnum("status", "firing", "resolved");
    Map<String, String> labels = labels(fields);
    Map<String, String> annotations = annotations(fields);
    Instant startsAt = fields.time("startsAt", true).orElseThrow(() -> zeroStart(fields));
    Optional<Instant> endsAt = fields.time("endsAt", false);
    String generatorUrl = fields.optionalText("generatorURL", Limits.MAX_URL);
    String fingerprint = fields.requiredText("fingerprint", 128);
    if (!FINGERPRINT.matcher(fingerprint).matches()) {
      throw new PayloadException(
          fields.field("fingerprint"), "must be 1 to 128 letters, digits, '-' or '_'");
    }
    Alert.Status parsed = "firing".equals(status) ? Alert.Status.FIRING : Alert.Status.RESOLVED;
    return new Alert(parsed, labels, annotations, startsAt, endsAt, generatorUrl, fingerprint);
  }

  private static PayloadException zeroStart(Fields fields) {
    return new PayloadException(fields.field("startsAt"), "must be a real time, not the zero time");
  }

  private static Map<String, String> labels(Fields fields) throws PayloadException {
    JsonNode node = fields.node().get("labels");
    if (node == null || node.isNull()) {
      throw new PayloadException(fields.field("labels"), "is required");
    }
    Map<String, String> labels =
        fields.stringMap(
            "labels", node, Limits.MAX_LABELS, Limits.MAX_LABEL_NAME, Limits.MAX_LABEL_VALUE);
    String alertname = labels.get("alertname");
    if (alertname == null || alertname.isBlank()) {
      throw new PayloadException(fields.field("labels.alertname"), "is required");
    }
    return labels;
  }

  private static Map<String, String> annotations(Fields fields) throws PayloadException {
    JsonNode node = fields.node().get("annotations");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    return fields.stringMap(
        "annotations",
        node,
        Limits.MAX_ANNOTATIONS,
        Limits.MAX_LABEL_NAME,
        Limits.MAX_ANNOTATION_VALUE);
  }
}
