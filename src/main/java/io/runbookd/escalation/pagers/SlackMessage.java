package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.escalation.Page;
import java.net.URI;
import java.util.Locale;

/**
 * The Block Kit messages runbookd posts: one per incident with the diagnosis and the actions, then
 * a short follow-up when it is acknowledged or resolved (an incoming webhook cannot edit what it
 * posted). Every piece of page text goes through {@link SlackText}.
 */
final class SlackMessage {
  /** Slack's limit for a header block's plain text. */
  static final int MAX_HEADER = 150;

  /** The notification text; Slack allows far more, a notification shows far less. */
  static final int MAX_FALLBACK = 300;

  private SlackMessage() {}

  static ObjectNode trigger(Page page) {
    String headline = "[" + page.priority() + "] " + page.title();
    ObjectNode message = Json.object().put("text", fallback(headline + ": " + page.reason()));
    ArrayNode blocks = message.putArray("blocks");
    blocks.addObject().put("type", "header").set("text", plain(headline, MAX_HEADER));
    section(blocks, "*Why a human is needed*\n" + SlackText.escape(page.reason(), 2900));
    section(blocks, SlackText.bullets("Findings", page.findings(), SlackText.MAX_SECTION));
    section(blocks, SlackText.bullets("Actions", page.actions(), SlackText.MAX_SECTION));
    context(blocks, page);
    return message;
  }

  /** A short follow-up, e.g. {@code Resolved}, that points back at the incident. */
  static ObjectNode followUp(Page page, String what, String emoji) {
    String headline = what + ": [" + page.priority() + "] " + page.title();
    ObjectNode message = Json.object().put("text", fallback(headline));
    ArrayNode blocks = message.putArray("blocks");
    section(blocks, emoji + " *" + SlackText.escape(headline, 2900) + "*");
    context(blocks, page);
    return message;
  }

  private static String fallback(String text) {
    return SlackText.escape(text, MAX_FALLBACK);
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks.addObject().put("type", "section").set("text", mrkdwn(mrkdwn));
  }

  static void context(ArrayNode blocks, Page page) {
    StringBuilder text =
        new StringBuilder("runbookd incident `")
            .append(SlackText.escape(page.incidentId(), 200))
            .append('`');
    page.link()
        .filter(SlackMessage::isShortWebLink)
        .ifPresent(
            link ->
                text.append(" · <")
                    .append(SlackText.escape(link.toString()))
                    .append("|open in runbookd>"));
    if (!page.related().isEmpty()) {
      text.append(" · ").append(page.related().size()).append(" related incidents folded in");
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").add(mrkdwn(Truncate.clip(text.toString(), SlackText.MAX_SECTION)));
  }

  /**
   * A mrkdwn text object; {@code verbatim} stops Slack from turning bare URLs, channel names and
   * mention words in label text into links or mentions.
   */
  private static ObjectNode mrkdwn(String text) {
    return Json.object().put("type", "mrkdwn").put("text", text).put("verbatim", true);
  }

  private static ObjectNode plain(String text, int max) {
    return Json.object().put("type", "plain_text").put("text", SlackText.escape(text, max));
  }

  /**
   * Only web links become Slack links; another scheme, or a link too long for the block, is left
   * out.
   */
  private static boolean isShortWebLink(URI link) {
    String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("https") || scheme.equals("http")) && link.toString().length() <= 2000;
  }
}
