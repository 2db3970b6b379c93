package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.escalation.Page;
import java.time.Instant;
import java.util.Optional;

/**
 * The Block Kit of a step waiting for approval: what will run, why it waits, the deadline, and
 * Approve and Deny buttons, each asking Slack's own confirmation dialog first; then the short
 * follow-up once the wait is over. A click reaches {@code POST /slack/interactions} with the
 * button's {@code action_id} and the incident id as its {@code value}: this class and that
 * endpoint share the contract below. Label text goes through {@link SlackText}, as in every Slack
 * message runbookd posts.
 */
public final class SlackApproval {
  /** The {@code action_id} of the Approve button. */
  public static final String APPROVE = "runbookd_approve";

  /** The {@code action_id} of the Deny button. */
  public static final String DENY = "runbookd_deny";

  /** The {@code block_id} of the buttons, which the decided message replaces. */
  public static final String BLOCK = "runbookd_decision";

  /** How decisions record a click in Slack: this prefix, then the Slack user id. */
  public static final String DECIDED_IN_SLACK = "slack:";

  private SlackApproval() {}

  /**
   * @param title the incident in one line, e.g. "[P1] RB-101 high error rate"
   * @param step the waiting step's id
   * @param willRun what it will change, e.g. "rollout restart of deployment nba-mcp/nba-mcp"
   */
  public static ObjectNode message(String incidentId, String title, String step, String willRun, Instant deadline) {
    return asking(incidentId, title, new Page.Approval(step, willRun, "", deadline, Optional.empty(),
        Optional.empty()));
  }

  /**
   * What Slack is sent for a page about an approval: the request with its buttons while the step
   * waits, else the follow-up; empty when the step was decided in Slack itself, whose clicked
   * message already says who decided.
   */
  static Optional<ObjectNode> of(Page page, Page.Approval approval) {
    String title = "[" + page.priority() + "] " + page.title();
    if (approval.ended().isEmpty()) {
      ObjectNode message = asking(page.incidentId(), title, approval);
      SlackMessage.context(message.withArray("blocks"), page);
      return Optional.of(message);
    }
    if (approval.decidedBy().filter(by -> by.startsWith(DECIDED_IN_SLACK)).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(ended(page, title, approval));
  }

  private static ObjectNode asking(String incidentId, String title, Page.Approval approval) {
    String step = approval.stepId();
    ObjectNode message = Json.object().put("text", SlackText.escape("Approval needed: " + title, 300));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "section").set("text", mrkdwn("*Approval needed:* "
        + SlackText.escape(title, 500) + "\nStep `" + SlackText.escape(step, 100) + "` will run: "
        + SlackText.escape(approval.willRun(), 1500)
        + (approval.why().isEmpty() ? "" : "\nWhy it waits: " + SlackText.escape(approval.why(), 500))
        + "\nDecide before " + approval.deadline() + "; after that the incident escalates."));
    ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", BLOCK);
    ArrayNode elements = actions.putArray("elements");
    elements.add(button(APPROVE, "Approve", "primary", incidentId, "Approve step " + step + "? It runs at once."));
    elements.add(button(DENY, "Deny", "danger", incidentId, "Deny step " + step + "? The incident escalates."));
    return message;
  }

  private static ObjectNode ended(Page page, String title, Page.Approval approval) {
    String by = approval.decidedBy().orElse("?");
    String how = approval.ended().orElse("");
    String headline = how.equals("approved") ? "Approved by " + by : how.equals("denied") ? "Denied by " + by
        : "Approval window closed at " + approval.deadline() + " without a decision";
    String emoji = how.equals("approved") ? ":white_check_mark:" : how.equals("denied") ? ":no_entry:" : ":hourglass:";
    ObjectNode message = Json.object().put("text", SlackText.escape(headline + ": " + title, 300));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "section").set("text", mrkdwn(emoji + " *" + SlackText.escape(headline, 300)
        + "* (step `" + SlackText.escape(approval.stepId(), 100) + "`)\n" + SlackText.escape(title, 500)));
    SlackMessage.context(blocks, page);
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
