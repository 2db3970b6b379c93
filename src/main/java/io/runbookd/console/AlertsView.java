package io.runbookd.console;

import io.runbookd.alert.Alert;
import io.runbookd.store.StoredAlert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An incident's alerts, grouped: the labels they all share once, then each alert with only the
 * labels that set it apart, its summary and its links (the alert's source in Prometheus and the
 * runbook its annotation names). Every label and annotation is attacker-controlled text.
 */
final class AlertsView {
  private AlertsView() {}

  static void render(Html html, List<StoredAlert> stored, int total) {
    html.open("section", "aria-labelledby", "alerts-h").el("h2", "Alerts", "id", "alerts-h");
    if (stored.isEmpty()) {
      html.el("p", "No alert opened this incident (a scheduled or manual run).").close("section");
      return;
    }
    List<Alert> alerts = stored.stream().map(StoredAlert::alert).toList();
    Map<String, String> common = common(alerts);
    html.el("h3", "Labels every alert shares");
    labels(html, common);
    html.open("table", "class", "alerts");
    html.el("caption", total > alerts.size() ? alerts.size() + " of " + total + " alerts listed"
        : total == 1 ? "1 alert" : total + " alerts");
    html.open("thead").open("tr");
    for (String h : List.of("Status", "Since", "Its own labels", "Summary", "Links")) {
      html.el("th", h, "scope", "col");
    }
    html.close("tr").close("thead").open("tbody");
    for (Alert a : alerts) {
      row(html, a, common);
    }
    html.close("tbody").close("table").close("section");
  }

  private static void row(Html html, Alert a, Map<String, String> common) {
    html.open("tr");
    html.el("td", a.status().wire(), "data-label", "Status", "class", "alert-" + a.status().wire());
    html.open("td", "data-label", "Since");
    Format.time(html, a.startsAt());
    a.endsAt().ifPresent(end -> html.text(" until ").el("time", Format.time(end), "datetime", end.toString()));
    html.close("td");
    Map<String, String> own = new TreeMap<>(a.labels());
    own.entrySet().removeIf(e -> e.getValue().equals(common.get(e.getKey())));
    html.open("td", "data-label", "Its own labels");
    labels(html, own);
    html.close("td");
    html.open("td", "data-label", "Summary");
    for (String key : List.of("summary", "description", "value")) {
      String text = a.annotations().get(key);
      if (text != null) {
        html.open("p").el("span", key + ": ", "class", "muted").text(text).close("p");
      }
    }
    html.close("td");
    html.open("td", "data-label", "Links", "class", "links");
    if (Html.safeHref(a.generatorUrl()).isPresent()) {
      html.link(a.generatorUrl(), "Alert source", "rel", "noreferrer").text(" ");
    }
    String runbook = a.annotations().get("runbook_url");
    if (Html.safeHref(runbook).isPresent()) {
      html.link(runbook, "Runbook", "rel", "noreferrer");
    }
    html.close("td").close("tr");
  }

  /** The label pairs present, with the same value, on every alert. */
  static Map<String, String> common(List<Alert> alerts) {
    Map<String, String> common = new HashMap<>(alerts.get(0).labels());
    for (Alert a : alerts) {
      common.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
    }
    return new TreeMap<>(common);
  }

  static void labels(Html html, Map<String, String> labels) {
    if (labels.isEmpty()) {
      html.el("span", "none", "class", "muted");
      return;
    }
    html.open("ul", "class", "labels");
    labels.forEach((k, v) -> html.open("li").el("span", k, "class", "k").text("=").el("span", v, "class", "v")
        .close("li"));
    html.close("ul");
  }
}
