package io.runbookd.engine;

import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.escalation.Pagers;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Escalation;
import io.runbookd.rules.Rule;
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
  private final Pagers pagers;
  private final Recorder recorder;

  Escalator(Pagers pagers, Recorder recorder) {
    this.pagers = pagers;
    this.recorder = recorder;
  }

  void escalate(Incident incident, Rule rule, IncidentStatus from, Stop stop, Map<String, StepRecord> steps)
      throws SQLException {
    String reason = label(stop.trigger()) + ": " + stop.reason();
    if (!recorder.transition(incident.id(), from, IncidentStatus.ESCALATED, "escalated: " + reason,
        Optional.empty(), Optional.empty())) {
      return;
    }
    recorder.outcome(rule.id(), IncidentStatus.ESCALATED);
    Escalation escalation = rule.steps().escalate();
    if (!escalation.on().contains(stop.trigger())) {
      recorder.note(incident.id(), "page_skipped",
          "not paged: the rule does not page on " + label(stop.trigger()));
      return;
    }
    Priority priority = escalation.priority().orElse(incident.priority());
    page(incident, escalation.pagers(), new Page(incident.id(), priority,
        rule.id() + " " + rule.title() + ": " + incident.alertname(), reason,
        lines(steps, "diagnose:"), lines(steps, "remediate:")));
  }

  /** Pages for an incident the engine could not run at all (e.g. its rule is gone). */
  void fail(Incident incident, IncidentStatus from, String reason) throws SQLException {
    if (!recorder.transition(incident.id(), from, IncidentStatus.FAILED, "failed: " + reason,
        Optional.empty(), Optional.empty())) {
      return;
    }
    recorder.outcome(incident.rule().orElse(""), IncidentStatus.FAILED);
    page(incident, List.of("log"), new Page(incident.id(), incident.priority(),
        incident.alertname(), reason, List.of(), List.of()));
  }

  private void page(Incident incident, List<String> names, Page page) throws SQLException {
    for (String name : names) {
      Optional<Pager> pager = pagers.find(name);
      if (pager.isEmpty()) {
        recorder.note(incident.id(), "page_failed", pagers.unknown(name));
        continue;
      }
      try {
        String receipt = pager.get().send(page);
        recorder.note(incident.id(), "paged", "paged " + name + " (" + page.priority() + "): " + receipt);
      } catch (Exception e) {
        recorder.note(incident.id(), "page_failed", "paging " + name + " failed: " + e.getMessage());
      }
    }
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
