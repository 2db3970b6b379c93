package io.runbookd.console;

import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The incident list: filters, counts by status and the incidents, newest first. */
final class IncidentList {
  private IncidentList() {}

  static Html render(ListQuery query, List<Incident> incidents, Map<String, Long> counts, List<String> rules,
      Instant now) {
    Html html = new Html();
    html.el("h1", "Incidents");
    filters(html, query, rules);
    html.open("div", "id", "incident-list", "data-live", "");
    counts(html, counts);
    table(html, incidents, now);
    return html.close("div");
  }

  private static void filters(Html html, ListQuery query, List<String> rules) {
    html.open("form", "method", "get", "action", "/", "class", "filters", "role", "search");
    html.open("label").text("Status ").open("select", "name", "status").el("option", "any", "value", "");
    for (IncidentStatus s : IncidentStatus.values()) {
      html.el("option", Format.status(s), "value", s.wire(), "selected", query.status().orElse(null) == s ? "" : null);
    }
    html.close("select").close("label");
    html.open("label").text("Rule ").open("select", "name", "rule").el("option", "any", "value", "");
    for (String rule : rules) {
      html.el("option", rule, "value", rule, "selected", rule.equals(query.rule().orElse(null)) ? "" : null);
    }
    html.close("select").close("label");
    html.open("label").text("Priority ").open("select", "name", "priority").el("option", "any", "value", "");
    for (Priority p : Priority.values()) {
      html.el("option", p.name(), "value", p.name(), "selected", query.priority().orElse(null) == p ? "" : null);
    }
    html.close("select").close("label");
    html.open("label").text("Text ").open("input", "type", "search", "name", "q", "value",
        query.text().orElse(""), "placeholder", "id, alert, rule, label value", "maxlength", "200").close("label");
    html.el("button", "Filter", "type", "submit");
    if (query.any()) {
      html.link("/", "Clear");
    }
    html.close("form");
  }

  private static void counts(Html html, Map<String, Long> counts) {
    html.open("ul", "class", "counts", "aria-label", "Incidents by status");
    for (IncidentStatus s : IncidentStatus.values()) {
      long n = counts.getOrDefault(s.wire(), 0L);
      if (n > 0) {
        html.open("li").open("a", "href", "/?status=" + s.wire(), "class", "badge status-" + s.wire())
            .text(Format.status(s) + " ").el("b", Long.toString(n)).close("a").close("li");
      }
    }
    html.close("ul");
  }

  private static void table(Html html, List<Incident> incidents, Instant now) {
    if (incidents.isEmpty()) {
      html.el("p", "No incidents match.", "class", "empty");
      return;
    }
    html.open("table", "class", "incidents");
    html.el("caption", incidents.size() + " incidents, newest first");
    html.open("thead").open("tr");
    for (String h : List.of("Incident", "Status", "Priority", "Rule", "Alerts", "Started", "Updated")) {
      html.el("th", h, "scope", "col");
    }
    html.close("tr").close("thead").open("tbody");
    incidents.forEach(i -> row(html, i, now));
    html.close("tbody").close("table");
  }

  private static void row(Html html, Incident i, Instant now) {
    html.open("tr", "data-incident", i.id());
    html.open("td", "data-label", "Incident").link("/console/incidents/" + i.id(), i.alertname(), "class", "title")
        .el("small", i.id()).close("td");
    html.open("td", "data-label", "Status");
    Format.badge(html, i.status());
    i.ackedBy().ifPresent(by -> html.el("small", "acknowledged by " + by));
    html.close("td");
    html.el("td", i.priority().name(), "data-label", "Priority");
    html.el("td", i.rule().orElse("none"), "data-label", "Rule");
    html.el("td", i.firingCount() + " firing of " + i.alertCount(), "data-label", "Alerts");
    html.open("td", "data-label", "Started");
    Format.time(html, i.startsAt());
    html.close("td");
    html.el("td", Format.relative(i.updatedAt(), now), "data-label", "Updated", "title", Format.time(i.updatedAt()));
    html.close("tr");
  }
}
