package io.runbookd.slack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.runbookd.escalation.pagers.SlackApproval;
import java.util.Optional;

/**
 * One click on an Approve or Deny button, read from a {@code block_actions} interaction payload:
 * who clicked, which button, on which incident, and where the message can be updated. Anything
 * else Slack sends (other buttons, other interaction types) is not a click of ours.
 *
 * @param decision {@code approved} or {@code denied}
 * @param blocks the message's blocks as Slack sent them back, if it did
 */
record Click(String userId, String decision, String incidentId, Optional<String> responseUrl,
    Optional<ArrayNode> blocks) {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(64 * 1024).build())
      .build());

  static Optional<Click> parse(String payload) {
    try {
      JsonNode root = JSON.readTree(payload);
      JsonNode action = root.path("actions").path(0);
      String actionId = action.path("action_id").asText("");
      String decision = actionId.equals(SlackApproval.APPROVE) ? "approved"
          : actionId.equals(SlackApproval.DENY) ? "denied" : null;
      String user = root.path("user").path("id").asText("");
      String incident = action.path("value").asText("");
      if (!"block_actions".equals(root.path("type").asText()) || decision == null || !user.matches("[A-Z0-9]{2,32}")
          || !incident.matches("[a-z0-9-]{1,64}")) {
        return Optional.empty();
      }
      JsonNode url = root.path("response_url");
      JsonNode blocks = root.path("message").path("blocks");
      return Optional.of(new Click(user, decision, incident,
          url.isTextual() ? Optional.of(url.asText()) : Optional.empty(),
          blocks.isArray() ? Optional.of((ArrayNode) blocks) : Optional.empty()));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** What decisions record as "by": the Slack user id, which the approver list names. */
  String by() {
    return SlackApproval.DECIDED_IN_SLACK + userId;
  }
}
