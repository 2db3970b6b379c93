package io.runbookd.console;

import io.runbookd.store.GuardStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The pages that ask before something changes, and the page that says it was refused. */
final class Forms {
  private Forms() {}

  /** Confirms a decision on an incident: what will run, until when, then one button. */
  static Html confirm(DecisionPanel.Waiting w, String decision, Viewer viewer, Instant now) {
    String id = w.incident().id();
    Html html = new Html();
    html.open("h1").text(title(decision) + ": ").el("small", w.incident().alertname() + " " + id).close("h1");
    List<GuardStore.Approval> open = w.open(now);
    if (!decision.equals("ack") && open.isEmpty()) {
      html.el("p", "Nothing waits for approval on this incident any more: it is "
          + Format.status(w.incident().status()) + ".");
      return html.link("/console/incidents/" + id, "Back to the incident");
    }
    if (decision.equals("ack")) {
      html.el("p", "Acknowledging records that you have taken this incident and stops paging further levels.");
    } else {
      html.el("p", decision.equals("approve") ? "Approving lets this run now, once, through every other guard:"
          : "Denying stops this step; the incident escalates to a human:");
      open.forEach(a -> DecisionPanel.step(html, w, a, now));
    }
    html.open("form", "method", "post", "action", "/console/incidents/" + id + "/" + decision, "class", "confirm");
    Layout.csrf(html, viewer);
    html.el("button", "Yes, " + title(decision).toLowerCase(java.util.Locale.ROOT), "type", "submit", "class",
        "button " + decision, "autofocus", "");
    html.text(" ").link("/console/incidents/" + id, "Cancel");
    return html.close("form");
  }

  static String title(String decision) {
    return switch (decision) {
      case "approve" -> "Approve";
      case "deny" -> "Deny";
      default -> "Acknowledge";
    };
  }

  /** Asks for the reason before the kill switch is pulled or released. */
  static Html killSwitch(boolean pause, Viewer viewer, Optional<String> problem) {
    Html html = new Html();
    html.el("h1", pause ? "Pause all actions" : "Resume actions");
    html.el("p", pause ? "While paused no action runs, on any replica; diagnosis and paging go on."
        : "Actions run again, through every guard, on every replica.");
    problem.ifPresent(p -> html.el("p", p, "class", "problem", "role", "alert"));
    html.open("form", "method", "post", "action", pause ? "/console/pause" : "/console/resume", "class", "confirm");
    Layout.csrf(html, viewer);
    html.open("label", "for", "reason").text("Reason (recorded with your name)").close("label");
    html.open("input", "id", "reason", "name", "reason", "type", "text", "maxlength", "300", "autofocus", "",
        "required", pause ? "" : null);
    html.el("button", pause ? "Pause all actions" : "Resume actions", "type", "submit", "class",
        "button " + (pause ? "danger" : "approve"));
    html.text(" ").link("/", "Cancel");
    return html.close("form");
  }

  /** Why a request changed nothing. */
  static Html refused(String what, String why, String back) {
    Html html = new Html();
    html.el("h1", what);
    html.el("p", why, "class", "problem", "role", "alert");
    return html.link(back, "Back");
  }
}
