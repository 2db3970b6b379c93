package io.runbookd.escalation;

import io.runbookd.incident.Priority;
import java.net.URI;
import java.time.Instant;
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
 * @param approval set when the page asks a human to approve a waiting step (only pagers that
 *     {@linkplain Pager#carriesButtons carry buttons} are sent such a page), or tells how that ask
 *     ended
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
    List<String> related,
    Optional<Approval> approval) {

  /** What the page does on the pager's side. */
  public enum Event {
    TRIGGER,
    ACKNOWLEDGE,
    RESOLVE
  }

  /**
   * A step waiting for a human's approval, as the page shows it.
   *
   * @param willRun exactly what runs once approved (redacted by the engine)
   * @param why why it needs approval (the guard's reason)
   * @param ended how the wait ended, for a follow-up: {@code approved}, {@code denied} or {@code
   *     expired} (nobody decided before the deadline); empty while the step waits
   * @param decidedBy who approved or denied it, as decisions record it (e.g. {@code console:alice})
   */
  public record Approval(String stepId, String willRun, String why, Instant deadline, Optional<String> ended,
      Optional<String> decidedBy) {
    /** The same step, its wait over. */
    public Approval ended(String how, Optional<String> by) {
      return new Approval(stepId, willRun, why, deadline, Optional.of(how), by);
    }
  }

  public Page {
    findings = List.copyOf(findings);
    actions = List.copyOf(actions);
    related = List.copyOf(related);
  }

  /** A page that asks nothing. */
  public Page(String incidentId, String dedupKey, Event event, Priority priority, String title, String reason,
      List<String> findings, List<String> actions, Optional<URI> link, String target, List<String> related) {
    this(incidentId, dedupKey, event, priority, title, reason, findings, actions, link, target, related,
        Optional.empty());
  }
}
