package io.runbookd.console;

import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.Rule;
import io.runbookd.store.GuardStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What waits for a human on an incident: each step waiting for approval (what it will run, on
 * what, until when) with Approve and Deny, and Acknowledge while nobody has taken it. Each button
 * leads to a confirmation page; nothing is decided by one click.
 */
final class DecisionPanel {
  /** What the panel shows, read together. */
  record Waiting(Incident incident, List<GuardStore.Approval> approvals, List<TimelineEntry> timeline,
      Optional<Rule> rule) {
    List<GuardStore.Approval> open(Instant now) {
      return incident.status() != IncidentStatus.AWAITING_APPROVAL ? List.of()
          : approvals.stream().filter(a -> a.decision().isEmpty() && a.deadline().isAfter(now)).toList();
    }

    boolean acknowledgeable() {
      return incident.ackedBy().isEmpty() && incident.status() != IncidentStatus.RESOLVED;
    }
  }

  private DecisionPanel() {}

  static void render(Html html, Waiting w, Viewer viewer, Instant now) {
    List<GuardStore.Approval> open = w.open(now);
    if (open.isEmpty() && !w.acknowledgeable()) {
      return;
    }
    html.open("section", "class", "decide", "aria-labelledby", "decide-h").el("h2", "Decide", "id", "decide-h");
    for (GuardStore.Approval a : open) {
      step(html, w, a, now);
      buttons(html, w.incident().id(), viewer, List.of("approve", "Approve…", "deny", "Deny…"));
    }
    if (w.acknowledgeable()) {
      html.el("p", "Nobody has acknowledged this incident yet: acknowledging stops paging further levels.");
      buttons(html, w.incident().id(), viewer, List.of("ack", "Acknowledge…"));
    }
    if (!viewer.mayDecide()) {
      html.el("p", "Read-only: sign in with the admin token to decide.", "class", "muted");
    }
    html.close("section");
  }

  /** One waiting step: what will run and what it changes, and the deadline. */
  static void step(Html html, Waiting w, GuardStore.Approval a, Instant now) {
    html.open("div", "class", "waiting", "data-step", a.stepId());
    html.open("h3").text("Step ").el("code", a.stepId()).text(" waits for approval").close("h3");
    html.open("p").text("Decide before ");
    Format.time(html, a.deadline());
    html.text(" (" + Format.relative(a.deadline(), now) + "); after that the incident escalates.").close("p");
    requested(w.timeline(), a.stepId()).ifPresent(m -> html.open("p", "class", "will-run")
        .el("strong", "What will run: ").text(m).close("p"));
    w.rule().flatMap(r -> r.steps().action(a.stepId())).ifPresent(s -> definition(html, s));
    html.close("div");
  }

  /** The line the engine wrote when it asked: it names the action and what it will change. */
  private static Optional<String> requested(List<TimelineEntry> timeline, String stepId) {
    String prefix = "action " + stepId + " waits for approval until ";
    return timeline.stream().filter(e -> e.kind().equals("approval_requested") && e.message().startsWith(prefix)
            && e.message().indexOf(": ", prefix.length()) > 0)
        .map(e -> e.message().substring(e.message().indexOf(": ", prefix.length()) + 2))
        .map(m -> m.contains("; POST ") ? m.substring(0, m.indexOf("; POST ")) : m).reduce((a, b) -> b);
  }

  private static void definition(Html html, ActionStep step) {
    html.open("dl", "class", "params").el("dt", "action").open("dd").el("code", step.action()).close("dd");
    new TreeMap<>(step.params()).forEach((name, value) -> html.el("dt", name).el("dd",
        value instanceof ParamValue.Expr e ? "computed: " + e.expression().source()
            : String.valueOf(((ParamValue.Literal) value).value())));
    html.close("dl");
  }

  private static void buttons(Html html, String id, Viewer viewer, List<String> pairs) {
    if (!viewer.mayDecide()) {
      return;
    }
    html.open("p", "class", "actions");
    for (int i = 0; i < pairs.size(); i += 2) {
      html.link("/console/incidents/" + id + "/confirm?decision=" + pairs.get(i), pairs.get(i + 1),
          "class", "button " + pairs.get(i)).text(" ");
    }
    html.close("p");
  }
}
