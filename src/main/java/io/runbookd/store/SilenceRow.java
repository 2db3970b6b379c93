package io.runbookd.store;

import io.runbookd.incident.IncidentStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One silence runbookd keeps (or kept) in one Alertmanager for one incident, with where its
 * incident stands now.
 *
 * @param id runbookd's own key, written into the silence's comment before it is created
 * @param alertmanager the Alertmanager's base URL as configured (its display form)
 * @param matchersHash identifies the label set the silence matches
 * @param matchers the matchers as JSON ({@code [{"name":…,"value":…}]})
 * @param silenceId Alertmanager's id, once known
 * @param endsAt when the silence ends by itself
 * @param attempts calls made for it so far (create and expire)
 * @param updatedAt when the row last changed
 * @param incidentStatus its incident's status; empty when the incident is gone
 * @param acked whether a human acknowledged the incident
 * @param ended whether the incident ended
 * @param ruleId the incident's rule
 */
public record SilenceRow(
    String id,
    String incidentId,
    String alertmanager,
    String matchersHash,
    String matchers,
    State state,
    Optional<String> silenceId,
    Instant endsAt,
    int attempts,
    Instant updatedAt,
    Optional<IncidentStatus> incidentStatus,
    boolean acked,
    boolean ended,
    Optional<String> ruleId) {

  /** Where a silence stands. */
  public enum State {
    /** Recorded; the create call is in flight, failed without an answer, or never happened. */
    CREATING,
    /** Alertmanager holds it under {@code silenceId}. */
    ACTIVE,
    /** To be expired; the call failed so far, or the silence's id is not known yet. */
    EXPIRING,
    /** Expired in Alertmanager, ended by itself, or never created. */
    EXPIRED,
    /** Dry-run: recorded as the silence runbookd would create; never sent. */
    PLANNED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  /** The key of what it silences: one incident's label set in one Alertmanager. */
  public String spec() {
    return incidentId + " " + alertmanager + " " + matchersHash;
  }
}
