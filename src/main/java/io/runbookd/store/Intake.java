package io.runbookd.store;

import io.runbookd.incident.AlertDraft;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stores the alerts of webhook deliveries. An alert episode already stored changes nothing (or,
 * resolved now, is marked resolved); a new one joins the open incident of its group, or opens
 * one. Each incident gets its counts updated once and one summarised timeline line per
 * delivery, however many of its alerts the delivery held.
 */
public final class Intake {
  private final Store store;
  private final IntakeRows rows;

  public Intake(Store store, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.store = store;
    this.rows = new IntakeRows(json);
  }

  /** What storing one alert did. */
  public record Result(String incidentId, Kind kind) {
    /** How the alert met the store. */
    public enum Kind {
      /** It opened a new incident. */
      OPENED,
      /** A new episode joined the open incident of its group. */
      JOINED,
      /** The episode was stored before and nothing changed. */
      DUPLICATE,
      /** The episode was firing and is now resolved. */
      RESOLVED
    }
  }

  /** Queues one delivery for the next group commit; completes after its commit. */
  public CompletableFuture<List<Result>> submit(List<AlertDraft> drafts) {
    List<AlertDraft> copy = List.copyOf(drafts);
    return store.submit(tx -> apply(tx, copy), copy.size());
  }

  List<Result> apply(Tx tx, List<AlertDraft> drafts) throws SQLException {
    Connection c = tx.c();
    Map<String, IntakeRows.StoredAlert> known = rows.alerts(c, drafts.stream().map(AlertDraft::alertId).toList());
    Map<String, Optional<String>> openByGroup = new HashMap<>();
    Map<String, Changes> changes = new LinkedHashMap<>();
    List<Result> out = new ArrayList<>(drafts.size());
    for (AlertDraft draft : drafts) {
      IntakeRows.StoredAlert stored = known.get(draft.alertId());
      Result result = stored != null
          ? existing(tx, draft, stored, changes)
          : added(tx, draft, openByGroup, changes);
      if (result.kind() != Result.Kind.DUPLICATE && stored == null) {
        known.put(draft.alertId(), new IntakeRows.StoredAlert(result.incidentId(), draft.alert().firing()));
      }
      out.add(result);
    }
    for (Map.Entry<String, Changes> e : changes.entrySet()) {
      e.getValue().apply(tx, e.getKey());
    }
    return out;
  }

  private Result existing(Tx tx, AlertDraft draft, IntakeRows.StoredAlert stored, Map<String, Changes> changes)
      throws SQLException {
    if (draft.alert().firing() || !stored.firing()) {
      return new Result(stored.incidentId(), Result.Kind.DUPLICATE);
    }
    Instant ended = draft.alert().endsAt().orElse(tx.now());
    if (rows.resolveAlert(tx.c(), draft.alertId(), ended) == 0) {
      return new Result(stored.incidentId(), Result.Kind.DUPLICATE);
    }
    stored.resolved();
    changes.computeIfAbsent(stored.incidentId(), k -> new Changes()).resolved(draft);
    return new Result(stored.incidentId(), Result.Kind.RESOLVED);
  }

  private Result added(Tx tx, AlertDraft draft, Map<String, Optional<String>> openByGroup,
      Map<String, Changes> changes) throws SQLException {
    String group = draft.group().key();
    Optional<String> open = openByGroup.get(group);
    if (open == null) {
      open = rows.openIncident(tx.c(), group);
    }
    boolean opened = false;
    if (open.isEmpty()) {
      open = Optional.of(rows.openIncident(tx, draft));
      opened = true;
      if (draft.alert().firing()) {
        openByGroup.put(group, open);
      }
    } else {
      openByGroup.put(group, open);
    }
    String incident = open.get();
    if (!rows.insertAlert(tx, incident, draft)) {
      return new Result(rows.incidentOfAlert(tx.c(), draft.alertId()).orElse(incident), Result.Kind.DUPLICATE);
    }
    changes.computeIfAbsent(incident, k -> new Changes()).added(draft, opened);
    return new Result(incident, opened ? Result.Kind.OPENED : Result.Kind.JOINED);
  }

  /** What one delivery changes on one incident. */
  private final class Changes {
    private final List<AlertDraft> joined = new ArrayList<>();
    private final List<AlertDraft> resolvedNow = new ArrayList<>();
    private int added;
    private int firing;
    private String priority = "P9";
    private boolean opened;

    void added(AlertDraft draft, boolean opens) {
      added++;
      firing += draft.alert().firing() ? 1 : 0;
      priority = min(priority, draft.priority().name());
      opened |= opens;
      if (!opens) {
        joined.add(draft);
      }
    }

    void resolved(AlertDraft draft) {
      firing--;
      resolvedNow.add(draft);
    }

    void apply(Tx tx, String incident) throws SQLException {
      rows.count(tx, incident, added, firing, priority);
      if (!joined.isEmpty() || !resolvedNow.isEmpty()) {
        rows.summarise(tx, incident, joined, resolvedNow, opened);
      }
    }

    private String min(String a, String b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}
