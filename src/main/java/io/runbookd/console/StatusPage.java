package io.runbookd.console;

import java.util.List;
import java.util.Map;

/** The daemon as this replica sees it: mode, kill switch, store, rules, and its pagers' backlog. */
final class StatusPage {
  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("mode", "Mode"), Map.entry("paused", "Paused"), Map.entry("pausedBy", "Kill switch set by"),
      Map.entry("pausedAt", "Kill switch set at"), Map.entry("pausedReason", "Reason"),
      Map.entry("store", "Store"),
      Map.entry("storeReady", "Store answers"), Map.entry("storeFault", "Store fault"),
      Map.entry("replica", "Replica"), Map.entry("version", "Version"));

  private StatusPage() {}

  static Html render(Map<String, Object> status, List<String> pagers, Map<String, Long> pending) {
    Html html = new Html();
    html.el("h1", "Status");
    html.open("dl", "class", "summary status", "id", "status", "data-live", "");
    status.forEach((key, value) -> {
      if (value instanceof Map<?, ?> rules && key.equals("rules")) {
        rules(html, rules);
      } else {
        html.el("dt", LABELS.getOrDefault(key, key)).el("dd", words(value), "data-key", key);
      }
    });
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

  /**
   * The rules in force and the last reload: a failed one kept the last good rules, so its problems
   * are shown here as well as logged.
   */
  private static void rules(Html html, Map<?, ?> rules) {
    html.el("dt", "Rules loaded").el("dd", words(rules.get("loaded")), "data-key", "rules.loaded");
    if (!(rules.get("lastReload") instanceof Map<?, ?> reload)) {
      return;
    }
    boolean ok = Boolean.TRUE.equals(reload.get("ok"));
    html.el("dt", "Last rule reload").el("dd", ok ? "loaded at " + reload.get("at")
        : "failed at " + reload.get("at") + " with " + problems(reload.get("problems"))
            + ": the rules loaded before stay in force", "data-key", "rules.lastReload");
    if (reload.get("error") instanceof String error) {
      html.el("dt", "Reload problems").open("dd", "data-key", "rules.lastReload.error").el("pre", error).close("dd");
    }
  }

  private static String problems(Object count) {
    return count + (Integer.valueOf(1).equals(count) ? " problem" : " problems");
  }

  private static String words(Object value) {
    if (value instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    return value == null ? "—" : String.valueOf(value);
  }
}
