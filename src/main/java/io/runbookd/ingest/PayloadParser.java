package io.runbookd.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates an Alertmanager webhook body (version 4). The envelope must be valid as
 * a whole; inside it each alert stands alone, so one poison alert is rejected while its
 * siblings are kept. Unknown fields are ignored: newer Alertmanagers add some.
 */
public final class PayloadParser {
  private final ObjectMapper mapper;
  private final AlertReader alertReader = new AlertReader();
  private final BoundedTree tree = new BoundedTree();

  public PayloadParser(long maxBodyBytes) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_DEPTH)
                    .maxStringLength(Limits.MAX_STRING)
                    .maxNameLength(Limits.MAX_NAME)
                    .maxNumberLength(Limits.MAX_NUMBER)
                    .maxDocumentLength(maxBodyBytes)
                    .build())
            // BoundedTree refuses duplicate keys among what it keeps; the parser's own check
            // and name interning would remember every name of a flood it only steps over.
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();
    this.mapper = new ObjectMapper(factory);
  }

  public Notification parse(byte[] body) throws PayloadException {
    JsonNode root = readTree(body);
    Fields envelope = new Fields(root, "");
    envelope.requireObject();
    String version = envelope.requiredText("version", 16);
    if (!"4".equals(version)) {
      throw new PayloadException("version", "unsupported version '" + version + "'; expected \"4\"");
    }
    envelope.requiredEnum("status", "firing", "resolved");
    String groupKey = envelope.requiredText("groupKey", Limits.MAX_GROUP_KEY);
    String receiver = envelope.optionalText("receiver", Limits.MAX_GROUP_KEY);
    int truncated = envelope.optionalCount("truncatedAlerts");
    Map<String, String> groupLabels = envelope.optionalStringMap("groupLabels");
    envelope.optionalStringMap("commonLabels");
    envelope.optionalStringMap("commonAnnotations");
    envelope.optionalText("externalURL", Limits.MAX_URL);
    JsonNode alerts = envelope.requiredArray("alerts");
    if (alerts.isEmpty()) {
      throw new PayloadException("alerts", "is empty; a notification carries at least one alert");
    }
    if (alerts.size() > Limits.MAX_ALERTS) {
      throw new PayloadException("alerts", "has more than " + Limits.MAX_ALERTS + " alerts");
    }
    return readAlerts(new Notification.Group(groupKey, receiver, groupLabels), truncated, alerts);
  }

  private Notification readAlerts(Notification.Group group, int truncated, JsonNode alerts)
      throws PayloadException {
    List<Alert> valid = new ArrayList<>(alerts.size());
    List<Rejection> rejected = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      try {
        valid.add(alertReader.read(alerts.get(i), "alerts[" + i + "]"));
      } catch (PayloadException e) {
        rejected.add(new Rejection(i, e.field(), e.getMessage()));
      }
    }
    if (valid.isEmpty()) {
      Rejection first = rejected.get(0);
      throw new PayloadException(first.field(), "no valid alert; first problem: " + first.error());
    }
    return new Notification(group, truncated, valid, rejected);
  }

  private JsonNode readTree(byte[] body) throws PayloadException {
    JsonParser parser = null;
    try {
      parser = mapper.createParser(body);
      JsonNode root = tree.read(parser);
      if (root == null) {
        throw new PayloadException("$", "empty body");
      }
      if (parser.nextToken() != null) {
        throw new PayloadException("$", "unexpected content after the JSON document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new PayloadException(fieldAt(parser), "malformed JSON: " + shortMessage(e));
    } catch (IOException e) {
      throw new PayloadException("$", "unreadable body: " + e.getMessage());
    } finally {
      closeQuietly(parser);
    }
  }

  /** Where in the document the parser stopped, as {@code alerts[3].labels.team}. */
  static String fieldAt(JsonParser parser) {
    if (parser == null) {
      return "$";
    }
    JsonPointer pointer = parser.getParsingContext().pathAsPointer();
    StringBuilder field = new StringBuilder();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.getMatchingIndex() >= 0) {
        field.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        field.append(field.length() == 0 ? "" : ".").append(p.getMatchingProperty());
      }
    }
    return field.length() == 0 ? "$" : field.toString();
  }

  /** Jackson's message without its source excerpt and location, which the field replaces. */
  private static String shortMessage(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int cut = message.indexOf(" (start marker at");
    if (cut < 0) {
      cut = message.indexOf("\n at [Source");
    }
    message = cut >= 0 ? message.substring(0, cut) : message;
    return message.replaceAll("\\s+", " ").trim();
  }

  private static void closeQuietly(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // nothing to release beyond the byte array
      }
    }
  }
}
