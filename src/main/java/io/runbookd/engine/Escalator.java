package io.runbookd.engine;

import io.runbookd.escalation.Page;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Escalation;
import io.runbookd.rules.Rule;
import io.runbookd.store.OutboxEntry;
import io.runbookd.store.StepRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands an incident to a human: moves it to {@code escalated} with the reason, then pages
 * through the rule's pagers when its trigger is one the rule pages on. The page carries the
 * diagnosis and what was done, so the human starts where automation stopped.
 */
final class Escalator {
  private final Recorder recorder;
  private final PageJson pageJson;

  Escalator(Recorder recorder, PageJson pageJson) {
    this.recorder = recorder;
    this.pageJson = pageJson;
  }

  void escalate(Incident incident, Rule rule, IncidentStatus from, Stop stop, Map<String, StepRecord> steps)
      throws SQLException {
    String reason = label(stop.trigger()) + ": " + stop.reason();
    Escalation escalation = rule.steps().escalate();
    boolean pages = escalation.on().contains(stop.trigger());
    Priority priority = escalation.priority().orElse(incident.priority());
    Page page = page(incident, priority, rule.id() + " " + rule.title() + ": " + incident.alertname(),
        reason, lines(steps, "diagnose:"), lines(steps, "remediate:"));
    List<OutboxEntry> entries = pages ? entries(escalation.pagers(), page) : List.of();
    if (!recorder.transition(incident.id(), from, IncidentStatus.ESCALATED, "escalated: " + reason
        + (pages ? "; paging " + String.join(", ", escalation.pagers())
            : "; not paged: the rule does not page on " + label(stop.trigger())),
        entries, Optional.empty(), Optional.empty())) {
      return;
    }
    recorder.outcome(rule.id(), IncidentStatus.ESCALATED);
  }

  /** Pages for an incident the engine could not run at all (e.g. its rule is gone). */
  void fail(Incident incident, IncidentStatus from, String reason) throws SQLException {
    Page page = page(incident, incident.priority(), incident.alertname(), reason, List.of(), List.of());
    if (!recorder.transition(incident.id(), from, IncidentStatus.FAILED, "failed: " + reason,
        entries(List.of("log"), page), Optional.empty(), Optional.empty())) {
      return;
    }
    recorder.outcome(incident.rule().orElse(""), IncidentStatus.FAILED);
  }

  /** One outbox entry per pager; a name no pager answers to is still queued and rejected. */
  private List<OutboxEntry> entries(List<String> names, Page page) {
    String json = pageJson.write(page);
    return names.stream()
        .map(name -> new OutboxEntry(page.incidentId(), name, page.dedupKey(), "trigger",
            page.priority().name(), json))
        .toList();
  }

  private static Page page(Incident incident, Priority priority, String title, String reason,
      List<String> findings, List<String> actions) {
    return new Page(incident.id(), DedupKey.of(incident.id()), Page.Event.TRIGGER, priority, title, reason,
        findings, actions, Optional.empty(), "", List.of());
  }

  private static List<String> lines(Map<String, StepRecord> steps, String prefix) {
    List<String> out = new ArrayList<>();
    steps.forEach((key, step) -> {
      if (key.startsWith(prefix)) {
        out.add(key.substring(prefix.length()) + " " + step.status() + step.detail().map(d -> ": " + d).orElse(""));
      }
    });
    return out;
  }

  private static String label(Escalation.Trigger trigger) {
    return trigger.name().toLowerCase(java.util.Locale.ROOT);
  }
}
