package io.runbookd.console;

import java.util.List;
import java.util.Map;

/** The daemon as this replica sees it: mode, kill switch, store, rules, and its pagers' backlog. */
final class StatusPage {
  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("mode", "Mode"), Map.entry("paused", "Paused"), Map.entry("pausedBy", "Kill switch set by"),
      Map.entry("pausedAt", "Kill switch set at"), Map.entry("pausedReason", "Reason"),
      Map.entry("rulesLoaded", "Rules loaded"), Map.entry("store", "Store"),
      Map.entry("storeReady", "Store answers"), Map.entry("storeFault", "Store fault"),
      Map.entry("replica", "Replica"), Map.entry("version", "Version"));

  private StatusPage() {}

  static Html render(Map<String, Object> status, List<String> pagers, Map<String, Long> pending) {
    Html html = new Html();
    html.el("h1", "Status");
    html.open("dl", "class", "summary status", "id", "status", "data-live", "");
    status.forEach((key, value) -> html.el("dt", LABELS.getOrDefault(key, key)).el("dd", words(value),
        "data-key", key));
    html.close("dl");
    html.el("h2", "Pagers");
    html.open("table", "class", "pagers").el("caption", "Configured pagers and pages waiting to be delivered");
    html.open("thead").open("tr").el("th", "Pager", "scope", "col").el("th", "Waiting", "scope", "col")
        .close("tr").close("thead").open("tbody");
    for (String pager : pagers) {
      long waiting = pending.getOrDefault(pager, 0L);
      html.open("tr").el("td", pager).el("td", waiting == 0 ? "none: delivered" : waiting + " waiting").close("tr");
    }
    return html.close("tbody").close("table");
  }

  private static String words(Object value) {
    if (value instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    return value == null ? "—" : String.valueOf(value);
  }
}
