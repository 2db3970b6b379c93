package io.runbookd.escalation;

import io.runbookd.incident.Priority;
import java.util.List;

/**
 * What a human is told: which incident, how urgent, why automation handed it over, what the
 * diagnosis found and what was done. Label text in it is data, already made safe for one line.
 *
 * @param reason why runbookd escalates (e.g. "verification failed: ...")
 * @param findings one line per probe result
 * @param actions one line per action planned, run, blocked or failed
 */
public record Page(
    String incidentId,
    Priority priority,
    String title,
    String reason,
    List<String> findings,
    List<String> actions) {
  public Page {
    findings = List.copyOf(findings);
    actions = List.copyOf(actions);
  }
}
