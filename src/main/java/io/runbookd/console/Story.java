package io.runbookd.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.TimelineEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An incident's timeline told as a story: each entry under a heading in words, its message, the
 * parameters an action ran with and every guard's decision with its reason, and the raw details
 * folded away for whoever needs them.
 */
final class Story {
  private static final int MAX_DETAILS = 16 * 1024;
  private static final Map<String, String> HEADINGS = Map.ofEntries(
      Map.entry("received", "Alert received"), Map.entry("matched", "Runbook matched"),
      Map.entry("unmatched", "No runbook covers it"), Map.entry("started", "Run started"),
      Map.entry("alerts", "Alerts changed"), Map.entry("status", "Status changed"),
      Map.entry("probe_result", "Probe answered"), Map.entry("probe_failed", "Probe failed"),
      Map.entry("action_planned", "Action planned, not run (dry run)"),
      Map.entry("action_blocked", "A guard blocked an action"), Map.entry("action_skipped", "Action skipped"),
      Map.entry("action_started", "Action started"), Map.entry("action_retry", "Action to be tried again"),
      Map.entry("approval_requested", "Waiting for a human's approval"),
      Map.entry("approval_approved", "Approved"), Map.entry("approval_denied", "Denied"),
      Map.entry("acknowledged", "Acknowledged"), Map.entry("verified", "Verification holds"),
      Map.entry("verify_pending", "Verification does not hold yet"), Map.entry("paging", "Paging a human"),
      Map.entry("paged", "Page delivered"), Map.entry("page_rejected", "Page rejected"),
      Map.entry("page_moved", "Page moved"), Map.entry("escalated_level", "Escalated to the next level"),
      Map.entry("escalation_exhausted", "Every escalation level paged"));

  private final ObjectMapper json;

  Story(ObjectMapper json) {
    this.json = json;
  }

  static String heading(String kind) {
    String known = HEADINGS.get(kind);
    if (known != null) {
      return known;
    }
    if (kind.startsWith("action_")) {
      return "Action " + kind.substring(7).replace('_', ' ');
    }
    return kind.startsWith("undo_") ? "Undo " + kind.substring(5).replace('_', ' ') : kind.replace('_', ' ');
  }

  void render(Html html, List<TimelineEntry> timeline) {
    html.open("section", "aria-labelledby", "story-h").el("h2", "What happened", "id", "story-h");
    html.open("ol", "class", "story");
    for (TimelineEntry e : timeline) {
      entry(html, e);
    }
    html.close("ol").close("section");
  }

  private void entry(Html html, TimelineEntry e) {
    html.open("li", "class", "entry kind-" + e.kind().replaceAll("[^a-z_]", ""), "data-kind", e.kind());
    html.open("div", "class", "when");
    Format.time(html, e.at());
    html.close("div").open("div", "class", "what");
    html.el("h3", heading(e.kind()));
    html.el("p", e.message(), "class", "message");
    Optional<JsonNode> data = e.data().flatMap(this::parse);
    data.ifPresent(d -> structured(html, d));
    if (data.isPresent() && !e.kind().equals("status")) {
      details(html, data.get());
    }
    html.close("div").close("li");
  }

  /** The parts people read first: what an action ran with, and why each guard let it (or not). */
  private static void structured(Html html, JsonNode data) {
    JsonNode params = data.path("params");
    if (params.isObject() && params.size() > 0) {
      html.el("h4", "Parameters").open("dl", "class", "params");
      params.properties().forEach(f -> html.el("dt", f.getKey()).el("dd", text(f.getValue())));
      html.close("dl");
    }
    JsonNode guards = data.path("guards");
    if (guards.isArray() && guards.size() > 0) {
      html.el("h4", "Guards").open("ul", "class", "guards");
      guards.forEach(g -> guard(html, g));
      html.close("ul");
    } else if (data.path("guard").isObject()) {
      html.el("h4", "Guard").open("ul", "class", "guards");
      guard(html, data.path("guard"));
      html.close("ul");
    }
  }

  private static void guard(Html html, JsonNode g) {
    String verdict = g.path("verdict").asText("?");
    html.open("li", "class", "verdict-" + verdict.replaceAll("[^a-z]", ""));
    html.el("strong", g.path("guard").asText("?")).text(" ").el("span", verdict, "class", "verdict")
        .text(": " + g.path("reason").asText("")).close("li");
  }

  private void details(Html html, JsonNode data) {
    String pretty;
    try {
      pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return;
    }
    if (pretty.length() > MAX_DETAILS) {
      pretty = pretty.substring(0, MAX_DETAILS) + "\n… (" + pretty.length() + " characters in all)";
    }
    html.open("details").el("summary", "Details").el("pre", pretty).close("details");
  }

  static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private Optional<JsonNode> parse(String data) {
    try {
      return Optional.of(json.readTree(data));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
