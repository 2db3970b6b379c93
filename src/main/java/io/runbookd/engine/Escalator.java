package io.runbookd.engine;

import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Escalation;
import io.runbookd.rules.Rule;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Transition;
import io.runbookd.store.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hands an incident to a human: moves it to {@code escalated} (or records an unmatched one as
 * paged) with the reason and, in the same commit, asks escalation to page it. Afterwards, while
 * it rests, its page is kept up to date (alerts joined, a higher priority).
 */
final class Escalator {
  private final Recorder recorder;
  private final Escalations escalations;
  private final IncidentStore incidents;

  Escalator(Recorder recorder, Escalations escalations, IncidentStore incidents) {
    this.recorder = recorder;
    this.escalations = escalations;
    this.incidents = incidents;
  }

  void escalate(Pass pass, IncidentStatus from, Stop stop, Map<String, StepRecord> steps) {
    Rule rule = pass.rule();
    String reason = label(stop.trigger()) + ": " + stop.reason();
    Escalation escalation = rule.steps().escalate();
    boolean drill = pass.incident().trigger().kind().equals("drill");
    boolean pages = escalation.on().contains(stop.trigger()) && !drill;
    String why = "escalated: " + reason + (pages ? "" : drill ? "; not paged: a drill pages nobody, its result is"
        + " recorded with the runbook" : "; not paged: the rule does not page on " + label(stop.trigger()));
    Escalations.PageRequest request = request(pass.incident(), rule, reason, steps);
    if (recorder.transition(pass.lease(), new Transition(pass.id(), from, IncidentStatus.ESCALATED, why,
        Optional.empty(), Optional.empty()), tx -> {}, tx -> {
          if (pages) {
            page(tx, pass.id(), request);
          }
        })) {
      recorder.outcome(rule.id(), IncidentStatus.ESCALATED);
    }
  }

  /** An alert no runbook covers: paged by its severity's priority, and stays {@code unmatched}. */
  void unmatched(Lease lease, Incident incident) {
    Escalations.PageRequest request = unmatchedRequest(incident);
    if (recorder.transition(lease, new Transition(incident.id(), IncidentStatus.UNMATCHED,
        IncidentStatus.UNMATCHED, "paging by severity: priority " + incident.priority(), Optional.empty(),
        Optional.empty()), tx -> {}, tx -> page(tx, incident.id(), request))) {
      recorder.outcome("", IncidentStatus.UNMATCHED);
    }
  }

  /** Pages for an incident the engine could not run at all (e.g. its rule is gone). */
  void fail(Lease lease, Incident incident, String reason) {
    Escalations.PageRequest request = new Escalations.PageRequest(incident.id(), "failed:" + incident.id(),
        incident.alertname(), incident.priority(), incident.alertname(), reason, List.of(), List.of(), List.of());
    if (recorder.transition(lease, new Transition(incident.id(), incident.status(), IncidentStatus.FAILED,
        "failed: " + reason, Optional.empty(), Optional.empty()), tx -> {}, tx -> page(tx, incident.id(), request))) {
      recorder.outcome(incident.rule().orElse(""), IncidentStatus.FAILED);
    }
  }

  /**
   * A resting incident (escalated, unmatched, failed) whose alerts changed: its page is updated,
   * or moved to its new, higher priority. Returns when a deferred update is due, if one is.
   */
  Optional<java.time.Instant> refresh(Lease lease, Incident incident, Optional<Rule> rule, Map<String, StepRecord> steps) {
    Escalations.PageRequest request = rule.isPresent() && incident.status() == IncidentStatus.ESCALATED
        ? request(incident, rule.get(), "still escalated; " + incident.firingCount() + " of "
            + incident.alertCount() + " alerts firing", steps)
        : unmatchedRequest(incident);
    return recorder.write(lease, tx -> {
      Escalations.Paged paged = escalations.page(tx, request);
      incidents.rest(tx, incident.id(), incident.status(), paged.updateDueAt());
      return paged.updateDueAt();
    });
  }

  private void page(Tx tx, String id, Escalations.PageRequest request) {
    Escalations.Paged paged = escalations.page(tx, request);
    Timeline.append(tx, id, TimelineLine.of("paging", paged.line()));
    paged.updateDueAt().ifPresent(at -> incidents.reschedule(tx, id, at));
  }

  private static Escalations.PageRequest request(Incident incident, Rule rule, String reason,
      Map<String, StepRecord> steps) {
    Escalation escalation = rule.steps().escalate();
    Priority priority = escalation.priority().orElse(incident.priority());
    return new Escalations.PageRequest(incident.id(), "rule:" + rule.id(), rule.id(), priority,
        rule.id() + " " + rule.title() + ": " + incident.alertname() + alerts(incident), reason,
        findings(steps), lines(steps, "remediate:"), escalation.pagers());
  }

  private static Escalations.PageRequest unmatchedRequest(Incident incident) {
    return new Escalations.PageRequest(incident.id(), "alert:" + incident.alertname(), incident.alertname(),
        incident.priority(), "no runbook for " + incident.alertname() + alerts(incident),
        "no runbook covers alert " + incident.alertname() + "; a human must look", List.of(), List.of(), List.of());
  }

  private static String alerts(Incident incident) {
    return incident.alertCount() > 1 ? " (" + incident.alertCount() + " alerts, " + incident.firingCount()
        + " firing)" : "";
  }

  /** The probes' findings, then the link to the runbook's report when it has one. */
  private static List<String> findings(Map<String, StepRecord> steps) {
    List<String> out = lines(steps, "diagnose:");
    java.util.Optional.ofNullable(steps.get(RunReports.STEP)).flatMap(StepRecord::detail)
        .ifPresent(link -> out.add("report: " + link));
    return out;
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
    return trigger.name().toLowerCase(Locale.ROOT);
  }
}
