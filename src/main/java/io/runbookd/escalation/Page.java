package io.runbookd.escalation;

import io.runbookd.incident.Priority;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What a human is told: which incident, how urgent, why automation handed it over, what the
 * diagnosis found and what was done. Label text in it is data: each pager renders it safely
 * for its medium (Slack escaping, length limits).
 *
 * @param dedupKey stable for the incident (or the storm), a hash with no label text: trigger,
 *     acknowledge and resolve of one incident carry the same key
 * @param event what this page does to the pager's incident
 * @param reason why runbookd escalates (e.g. "verification failed: ...")
 * @param findings one line per probe result
 * @param actions one line per action planned, run, blocked or failed
 * @param link the incident in runbookd's API, when its external URL is known
 * @param target who this level of the escalation policy pages (e.g. "team-lead"), for pagers
 *     that route by it
 * @param related other incidents folded into this page (a storm), by id
 */
public record Page(
    String incidentId,
    String dedupKey,
    Event event,
    Priority priority,
    String title,
    String reason,
    List<String> findings,
    List<String> actions,
    Optional<URI> link,
    String target,
    List<String> related) {

  /** What the page does on the pager's side. */
  public enum Event {
    TRIGGER,
    ACKNOWLEDGE,
    RESOLVE
  }

  public Page {
    findings = List.copyOf(findings);
    actions = List.copyOf(actions);
    related = List.copyOf(related);
  }
}
