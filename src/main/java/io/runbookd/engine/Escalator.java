package io.runbookd.engine;

import io.runbookd.escalation.Page;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Escalation;
import io.runbookd.rules.Rule;
import io.runbookd.store.EngineStore;
import io.runbookd.store.OutboxEntry;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StormStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands an incident to a human: moves it to {@code escalated} (or records an unmatched one as
 * paged) with the reason, and — in the same transaction — snapshots the escalation policy onto
 * it and queues its pages. Incidents of one runbook within the storm window share one page,
 * updated as they come rather than repeated.
 */
final class Escalator {
  private final Recorder recorder;
  private final Paging paging;

  Escalator(Recorder recorder, Paging paging) {
    this.recorder = recorder;
    this.paging = paging;
  }

  void escalate(Incident incident, Rule rule, IncidentStatus from, Stop stop, Map<String, StepRecord> steps)
      throws SQLException {
    String reason = label(stop.trigger()) + ": " + stop.reason();
    Escalation escalation = rule.steps().escalate();
    boolean pages = escalation.on().contains(stop.trigger());
    Priority priority = escalation.priority().orElse(incident.priority());
    Page page = page(incident, priority, rule.id() + " " + rule.title() + ": " + incident.alertname(),
        reason, lines(steps, "diagnose:"), lines(steps, "remediate:"));
    List<String> pagers = paging.pagersFor(priority, escalation.pagers());
    String why = "escalated: " + reason + (pages ? "" : "; not paged: the rule does not page on "
        + label(stop.trigger()));
    if (recorder.transition(incident.id(), from, IncidentStatus.ESCALATED, why,
        c -> pages ? pagesFor(c, "rule:" + rule.id(), rule.id(), page, pagers) : List.of(),
        Optional.empty(), Optional.empty())) {
      recorder.outcome(rule.id(), IncidentStatus.ESCALATED);
    }
  }

  /** An alert no runbook covers: paged by its severity's priority, and stays {@code unmatched}. */
  void unmatched(Incident incident) throws SQLException {
    Page page = page(incident, incident.priority(), "no runbook for " + incident.alertname(),
        "no runbook covers alert " + incident.alertname() + "; a human must look", List.of(), List.of());
    List<String> pagers = paging.pagersFor(incident.priority(), List.of());
    if (recorder.transition(incident.id(), IncidentStatus.UNMATCHED, IncidentStatus.UNMATCHED,
        "paging by severity: priority " + incident.priority(),
        c -> pagesFor(c, "alert:" + incident.alertname(), incident.alertname(), page, pagers),
        Optional.empty(), Optional.empty())) {
      recorder.outcome("", IncidentStatus.UNMATCHED);
    }
  }

  /** Pages for an incident the engine could not run at all (e.g. its rule is gone). */
  void fail(Incident incident, IncidentStatus from, String reason) throws SQLException {
    Page page = page(incident, incident.priority(), incident.alertname(), reason, List.of(), List.of());
    List<String> pagers = paging.pagersFor(incident.priority(), List.of("log"));
    if (recorder.transition(incident.id(), from, IncidentStatus.FAILED, "failed: " + reason,
        c -> pagesFor(c, "failed:" + incident.id(), incident.alertname(), page, pagers),
        Optional.empty(), Optional.empty())) {
      recorder.outcome(incident.rule().orElse(""), IncidentStatus.FAILED);
    }
  }

  /**
   * Inside the transaction: joins the storm, snapshots the policy, and returns the pages to
   * queue: the incident's own page, a storm update, or none (folded into the storm's page).
   */
  private List<OutboxEntry> pagesFor(Connection c, String stormKey, String what, Page page,
      List<String> pagers) throws SQLException {
    Instant now = recorder.now();
    StormStore.Join storm = StormStore.join(c, stormKey, page.dedupKey(), now,
        paging.stormWindow(), paging.stormUpdateEvery());
    EngineStore.snapshotEscalation(c, page.incidentId(), paging.snapshot(page.priority(), pagers, page),
        paging.nextLevelAt(page.priority(), pagers, now));
    if (!storm.page()) {
      EngineStore.note(c, page.incidentId(), now, "page_folded", "folded into the page of a storm of "
          + storm.incidents() + " incidents of " + what + " (dedup key " + storm.dedupKey() + ")");
      return List.of();
    }
    Page sent = storm.incidents() == 1 ? page : new Page(page.incidentId(), storm.dedupKey(),
        Page.Event.TRIGGER, page.priority(), storm.incidents() + " incidents of " + what + " within "
            + paging.stormWindow().toMinutes() + "m", "a storm: " + page.reason(), page.findings(),
        page.actions(), page.link(), page.target(), List.of(page.incidentId()));
    EngineStore.note(c, page.incidentId(), now, "paging", "paging " + String.join(", ", pagers)
        + (storm.incidents() == 1 ? "" : " (storm update, " + storm.incidents() + " incidents)"));
    return paging.entries(sent, pagers, storm.revision());
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
