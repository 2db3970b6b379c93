package io.runbookd.console;

import io.runbookd.rules.Rule;
import io.runbookd.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runbook catalogue: every loaded rule with its triggers and its YAML. Last runs and drill
 * status come from {@code GET /api/v1/runbooks}, which the page's script reads into the same
 * table when the daemon serves it.
 */
final class RunbooksPage {
  private RunbooksPage() {}

  static Html render(List<Rule> rules, Map<String, RuleText> texts, boolean catalogue) {
    Html html = new Html();
    html.el("h1", "Runbooks");
    html.open("table", "class", "runbooks", "id", "runbooks", "data-catalogue",
        catalogue ? "/api/v1/runbooks" : null);
    html.el("caption", rules.size() + " runbooks loaded");
    html.open("thead").open("tr");
    for (String h : List.of("Runbook", "Triggers", "Last run", "Drill")) {
      html.el("th", h, "scope", "col");
    }
    html.close("tr").close("thead").open("tbody");
    for (Rule rule : rules) {
      row(html, rule);
    }
    html.close("tbody").close("table");
    if (!catalogue) {
      html.el("p", "Last runs and drill status are not served by this daemon (GET /api/v1/runbooks).", "class",
          "muted");
    }
    for (Rule rule : rules) {
      yaml(html, rule, texts.get(rule.id()));
    }
    return html;
  }

  private static void row(Html html, Rule rule) {
    html.open("tr", "data-runbook", rule.id());
    html.open("th", "scope", "row", "data-label", "Runbook").link("/console/runbooks#rule-" + rule.id(), rule.id())
        .text(" " + rule.title());
    if (Html.safeHref(rule.runbook()).isPresent()) {
      html.text(" · ").link(rule.runbook(), "human runbook", "rel", "noreferrer");
    }
    html.close("th");
    html.open("td", "data-label", "Triggers", "class", "triggers").open("ul");
    for (String t : triggers(rule)) {
      html.el("li", t);
    }
    html.close("ul").close("td");
    html.el("td", "—", "data-label", "Last run", "class", "last-run");
    html.el("td", "—", "data-label", "Drill", "class", "drill");
    html.close("tr");
  }

  static List<String> triggers(Rule rule) {
    List<String> out = new ArrayList<>();
    rule.triggers().match().ifPresent(m -> out.add("alert: " + String.join(", ", m.alertnames())));
    for (Schedule s : rule.triggers().schedules()) {
      out.add("schedule: " + s.describe());
    }
    rule.triggers().manual().ifPresent(m -> out.add("manual" + (m.params().isEmpty() ? ""
        : " (" + m.params().size() + " parameters)")));
    return out;
  }

  private static void yaml(Html html, Rule rule, RuleText text) {
    html.open("section", "id", "rule-" + rule.id(), "class", "rule");
    html.open("h2").text(rule.id() + " " + rule.title()).close("h2");
    html.open("p", "class", "muted").text(rule.file() + ", version " + rule.version());
    if (text != null && !text.loaded()) {
      html.text(" (the file changed since it was loaded; the loaded version runs until the rules reload)");
    }
    html.close("p");
    html.open("details").el("summary", "Rule YAML").el("pre", text == null ? "" : text.text(), "class", "yaml")
        .close("details").close("section");
  }
}
