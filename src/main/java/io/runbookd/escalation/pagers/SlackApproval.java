package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The Block Kit of a step waiting for approval: what will run, the deadline, and Approve and Deny
 * buttons, each asking Slack's own confirmation dialog first. A click reaches {@code POST
 * /slack/interactions} with the button's {@code action_id} and the incident id as its {@code
 * value}: this class and that endpoint share the contract below. Label text goes through {@link
 * SlackText}, as in every Slack message runbookd posts.
 */
public final class SlackApproval {
  /** The {@code action_id} of the Approve button. */
  public static final String APPROVE = "runbookd_approve";

  /** The {@code action_id} of the Deny button. */
  public static final String DENY = "runbookd_deny";

  /** The {@code block_id} of the buttons, which the decided message replaces. */
  public static final String BLOCK = "runbookd_decision";

  private SlackApproval() {}

  /**
   * @param title the incident in one line, e.g. "[P1] RB-101 high error rate"
   * @param step the waiting step's id
   * @param willRun what it will change, e.g. "rollout restart of deployment nba-mcp/nba-mcp"
   */
  public static ObjectNode message(String incidentId, String title, String step, String willRun, Instant deadline) {
    ObjectNode message = Json.object().put("text", SlackText.escape("Approval needed: " + title, 300));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "section").set("text", mrkdwn("*Approval needed:* "
        + SlackText.escape(title, 500) + "\nStep `" + SlackText.escape(step, 100) + "` will run: "
        + SlackText.escape(willRun, 1500) + "\nDecide before " + deadline + "; after that the incident escalates."));
    ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", BLOCK);
    ArrayNode elements = actions.putArray("elements");
    elements.add(button(APPROVE, "Approve", "primary", incidentId, "Approve step " + step + "? It runs at once."));
    elements.add(button(DENY, "Deny", "danger", incidentId, "Deny step " + step + "? The incident escalates."));
    return message;
  }

  private static ObjectNode button(String actionId, String label, String style, String incidentId, String question) {
    ObjectNode button = Json.object().put("type", "button").put("action_id", actionId).put("value", incidentId)
        .put("style", style);
    button.set("text", plain(label));
    ObjectNode confirm = Json.object();
    confirm.set("title", plain(label + "?"));
    confirm.set("text", plain(SlackText.escape(question, 300)));
    confirm.set("confirm", plain(label));
    confirm.set("deny", plain("Cancel"));
    button.set("confirm", confirm);
    return button;
  }

  private static ObjectNode mrkdwn(String text) {
    return Json.object().put("type", "mrkdwn").put("text", Truncate.clip(text, SlackText.MAX_SECTION))
        .put("verbatim", true);
  }

  private static ObjectNode plain(String text) {
    return Json.object().put("type", "plain_text").put("text", text);
  }
}
