package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.escalation.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Opsgenie Alert API bodies runbookd sends, within Opsgenie's limits (message 130, description
 * 15,000, details 8,000 characters in all, source and user 100).
 */
final class OpsgenieAlert {
  static final String SOURCE = "runbookd";

  private OpsgenieAlert() {}

  /** {@code POST /v2/alerts}: the alias is the dedup key, so a repeat adds to the open alert. */
  static ObjectNode create(Page page) {
    ObjectNode alert =
        Json.object()
            .put("message", Truncate.clip(page.title(), OpsgeniePager.MAX_MESSAGE))
            .put("alias", page.dedupKey())
            .put("description", Truncate.clip(description(page), OpsgeniePager.MAX_DESCRIPTION))
            .put("priority", OpsgeniePager.priority(page.priority()))
            .put("source", SOURCE);
    alert.set("tags", Json.strings(List.of("runbookd")));
    ObjectNode details = alert.putObject("details");
    Truncate.fit(details(page), OpsgeniePager.MAX_DETAILS).forEach(details::put);
    return alert;
  }

  /** The body of acknowledge and close: who did it and why. */
  static ObjectNode followUp(String note) {
    return Json.object()
        .put("source", SOURCE)
        .put("user", SOURCE)
        .put("note", Truncate.clip(note, 1000));
  }

  private static String description(Page page) {
    StringBuilder text = new StringBuilder(page.reason());
    section(text, "Findings", page.findings());
    section(text, "Actions", page.actions());
    section(text, "Related incidents", page.related());
    text.append("\n\nrunbookd incident ").append(page.incidentId());
    page.link().ifPresent(link -> text.append(": ").append(link));
    return text.toString();
  }

  private static void section(StringBuilder text, String heading, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    text.append("\n\n").append(heading).append(':');
    Truncate.lines(lines, 100, 1000).forEach(line -> text.append("\n- ").append(line));
  }

  /** Opsgenie details are string to string; lists become one line each. */
  private static Map<String, String> details(Page page) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("incident", page.incidentId());
    details.put("priority", page.priority().name());
    page.link().ifPresent(link -> details.put("link", link.toString()));
    if (!page.target().isBlank()) {
      details.put("target", page.target());
    }
    details.put("reason", page.reason());
    putLines(details, "findings", page.findings());
    putLines(details, "actions", page.actions());
    putLines(details, "related", page.related());
    return details;
  }

  private static void putLines(Map<String, String> details, String key, List<String> lines) {
    if (!lines.isEmpty()) {
      details.put(key, String.join("\n", lines));
    }
  }
}
