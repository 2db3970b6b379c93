package io.runbookd.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.SilenceRow.State;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The silences runbookd keeps in Alertmanager, and the incidents that may want them. Every change
 * of a silence writes its timeline line in the same transaction, and only when the change took
 * place: several replicas may reconcile the same silence, the line is written once.
 */
public final class SilenceStore {
  private static final String ROW = "SELECT s.id, s.incident_id, s.alertmanager, s.matchers_hash, s.matchers,"
      + " s.state, s.silence_id, s.ends_at, s.attempts, s.updated_at, i.status, i.acked_at, i.ended_at, i.rule_id"
      + " FROM silences s LEFT JOIN incidents i ON i.id = s.incident_id";

  private final Store store;
  private final SilenceCandidates candidates;
  private final SecureRandom random = new SecureRandom();

  public SilenceStore(Store store, ObjectMapper json) {
    this.store = store;
    this.candidates = new SilenceCandidates(json);
  }

  /**
   * Open, unacknowledged, alert-driven incidents in one of {@code statuses} whose rule is one of
   * {@code ruleIds}, each with at most {@code maxLabelSets} label sets of its firing alerts.
   */
  public List<SilenceCandidate> candidates(Set<IncidentStatus> statuses, Collection<String> ruleIds, int maxLabelSets) {
    if (statuses.isEmpty() || ruleIds.isEmpty()) {
      return List.of();
    }
    return store.read(c -> candidates.read(c, statuses, ruleIds, maxLabelSets));
  }

  /** Every silence not expired yet, with its incident's state. */
  public List<SilenceRow> live() {
    return store.read(c -> Sql.list(c, ROW + " WHERE s.state <> 'expired' ORDER BY s.created_at, s.id",
        SilenceStore::row));
  }

  /** One silence by runbookd's key, whatever its state. */
  public Optional<SilenceRow> get(String id) {
    return store.read(c -> Sql.one(c, ROW + " WHERE s.id = ?", SilenceStore::row, id));
  }

  /** Every silence of an incident, expired ones included, oldest first. */
  public List<SilenceRow> of(String incidentId) {
    return store.read(c -> Sql.list(c, ROW + " WHERE s.incident_id = ? ORDER BY s.created_at, s.id",
        SilenceStore::row, incidentId));
  }

  private static SilenceRow row(ResultSet rs) throws SQLException {
    String status = rs.getString(11);
    return new SilenceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        State.parse(rs.getString(6)), Optional.ofNullable(rs.getString(7)), Sql.at(rs, 8), rs.getInt(9),
        Sql.at(rs, 10), status == null ? Optional.empty() : IncidentStatus.parse(status),
        Sql.instant(rs, 12).isPresent(), Sql.instant(rs, 13).isPresent(), Optional.ofNullable(rs.getString(14)));
  }

  /**
   * Records a silence about to be created ({@code creating}) or that dry-run would create ({@code
   * planned}), with its timeline line if any. Empty when one is already pending for the same
   * incident, Alertmanager and label set (another replica got there first).
   */
  public Optional<String> intend(SilenceIntent intent, Optional<TimelineLine> line) {
    String id = "sil-" + HexFormat.of().formatHex(bytes());
    return store.write(tx -> Sql.wrap(() -> {
      int inserted = Sql.update(tx.c(), "INSERT INTO silences (id, incident_id, alertmanager, matchers_hash,"
          + " matchers, state, ends_at, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
          + " ON CONFLICT DO NOTHING", id, intent.incidentId(), intent.alertmanager(), intent.matchersHash(),
          intent.matchers(), intent.state().wire(), intent.endsAt(), tx.now(), tx.now());
      if (inserted != 1) {
        return Optional.<String>empty();
      }
      line.ifPresent(l -> Timeline.append(tx, intent.incidentId(), l));
      return Optional.of(id);
    }));
  }

  private byte[] bytes() {
    byte[] out = new byte[12];
    random.nextBytes(out);
    return out;
  }

  /**
   * Alertmanager holds the silence under {@code silenceId}: a creating row becomes active (with
   * {@code line}); a row already set to expire keeps expiring, now with the id it needs.
   */
  public void known(String id, String incidentId, String silenceId, TimelineLine line) {
    store.write(tx -> Sql.wrap(() -> {
      int activated = Sql.update(tx.c(), "UPDATE silences SET silence_id = ?, state = 'active', attempts = attempts + 1,"
          + " last_error = NULL, updated_at = ? WHERE id = ? AND state = 'creating'", silenceId, tx.now(), id);
      if (activated == 1) {
        Timeline.append(tx, incidentId, line);
      } else {
        Sql.update(tx.c(), "UPDATE silences SET silence_id = COALESCE(silence_id, ?), updated_at = ? WHERE id = ?"
            + " AND state = 'expiring'", silenceId, tx.now(), id);
      }
      return null;
    }));
  }

  /** A call for the silence failed; {@code line} goes to the timeline (the first failure's). */
  public void failed(String id, String incidentId, String error, Optional<TimelineLine> line) {
    store.write(tx -> Sql.wrap(() -> {
      Sql.update(tx.c(), "UPDATE silences SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
          clip(error), tx.now(), id);
      line.ifPresent(l -> Timeline.append(tx, incidentId, l));
      return null;
    }));
  }

  /** The silence is to be expired; {@code line} is written when the row was not expiring yet. */
  public void expiring(String id, String incidentId, Optional<TimelineLine> line) {
    store.write(tx -> Sql.wrap(() -> {
      int moved = Sql.update(tx.c(), "UPDATE silences SET state = 'expiring', updated_at = ? WHERE id = ?"
          + " AND state IN ('creating', 'active')", tx.now(), id);
      if (moved == 1) {
        line.ifPresent(l -> Timeline.append(tx, incidentId, l));
      }
      return null;
    }));
  }

  /** The silence is over (expired, ended by itself, never created); the line is written once. */
  public void expired(String id, String incidentId, TimelineLine line) {
    store.write(tx -> Sql.wrap(() -> {
      int moved = Sql.update(tx.c(), "UPDATE silences SET state = 'expired', updated_at = ? WHERE id = ?"
          + " AND state <> 'expired'", tx.now(), id);
      if (moved == 1) {
        Timeline.append(tx, incidentId, line);
      }
      return null;
    }));
  }

  /** A timeline line about a silence that changes no row (a left-over one expired). */
  public void note(String incidentId, TimelineLine line) {
    store.write(tx -> {
      Timeline.append(tx, incidentId, line);
      return null;
    });
  }

  private static Object clip(String text) {
    return text == null ? Sql.NULL_TEXT : text.length() <= 500 ? text : text.substring(0, 500);
  }
}
