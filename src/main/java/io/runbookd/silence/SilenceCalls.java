package io.runbookd.silence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.http.HttpTarget;
import io.runbookd.store.SilenceIntent;
import io.runbookd.store.SilenceRow;
import io.runbookd.store.SilenceRow.State;
import io.runbookd.store.SilenceStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change to one silence: the store's record first, then the Alertmanager call, then its
 * outcome with its timeline line. A create is recorded before it is sent, so a crash in between
 * leaves a row that recovery resolves.
 */
final class SilenceCalls {
  private static final Logger log = LoggerFactory.getLogger(SilenceCalls.class);

  private final SilenceStore store;
  private final AlertmanagerApi api;
  private final Map<String, HttpTarget> alertmanagers;
  private final Lines lines;
  private final ObjectMapper json;
  private final Optional<URI> externalUrl;
  private final Clock clock;

  SilenceCalls(SilenceStore store, AlertmanagerApi api, Map<String, HttpTarget> alertmanagers, Lines lines,
      ObjectMapper json, Optional<URI> externalUrl, Clock clock) {
    this.store = store;
    this.api = api;
    this.alertmanagers = Map.copyOf(alertmanagers);
    this.lines = lines;
    this.json = json;
    this.externalUrl = externalUrl;
    this.clock = clock;
  }

  /**
   * Records and creates a silence; returns its id when Alertmanager created it. Does nothing when
   * one is pending already.
   */
  Optional<String> create(Wanted w) throws InterruptedException {
    Optional<String> row = store.intend(intent(w, State.CREATING), Optional.empty());
    return row.isPresent() ? send(row.get(), w, true) : Optional.empty();
  }

  /** Sends the create of a recorded silence, records what came of it, returns its id if created. */
  Optional<String> send(String rowId, Wanted w, boolean first) throws InterruptedException {
    String incident = w.incident().id();
    NewSilence silence = new NewSilence(w.matchers(), clock.instant(), w.endsAt(),
        SilenceComment.of(rowId, incident, externalUrl));
    try {
      String id = api.create(alertmanagers.get(w.alertmanager()), silence);
      store.known(rowId, incident, id, lines.created(w, id));
      return Optional.of(id);
    } catch (AlertmanagerRefused e) {
      store.expired(rowId, incident, lines.refused(w, e.getMessage()));
    } catch (IOException e) {
      log.warn("silence {} of incident {} not created yet: {}", rowId, incident, e.getMessage());
      store.failed(rowId, incident, e.getMessage(),
          first ? Optional.of(lines.createFailed(w, e.getMessage())) : Optional.empty());
    }
    return Optional.empty();
  }

  /** Dry-run: records the silence runbookd would create, with its line. */
  void plan(Wanted w) {
    store.intend(intent(w, State.PLANNED), Optional.of(lines.planned(w, List.copyOf(alertmanagers.keySet()))));
  }

  private SilenceIntent intent(Wanted w, State state) {
    return new SilenceIntent(w.incident().id(), w.alertmanager(), w.matchers().hash(),
        w.matchers().labelsJson(json), w.endsAt(), state);
  }

  /**
   * Expires the row's silence in its Alertmanager and, best effort, in the others (an HA peer
   * holds a gossiped copy that would otherwise keep silencing while the first is down). A row
   * whose silence id is not known yet waits for recovery to learn it.
   */
  void lift(SilenceRow row, String reason) throws InterruptedException {
    if (row.state() == State.PLANNED) {
      store.expired(row.id(), row.incidentId(), lines.unplanned(row, reason));
      return;
    }
    HttpTarget own = alertmanagers.get(row.alertmanager());
    if (row.silenceId().isEmpty()) {
      store.expiring(row.id(), row.incidentId(), Optional.empty());
    } else if (own == null) {
      store.expired(row.id(), row.incidentId(), lines.unconfigured(row));
    } else {
      lift(row, own, row.silenceId().get(), reason);
    }
  }

  private void lift(SilenceRow row, HttpTarget own, String silenceId, String reason) throws InterruptedException {
    try {
      api.expire(own, silenceId);
      store.expired(row.id(), row.incidentId(), lines.lifted(row, silenceId, reason));
    } catch (IOException e) {
      log.warn("silence {} of incident {} not lifted yet: {}", silenceId, row.incidentId(), e.getMessage());
      store.expiring(row.id(), row.incidentId(), Optional.of(lines.liftFailed(row, e.getMessage())));
      store.failed(row.id(), row.incidentId(), e.getMessage(), Optional.empty());
    } finally {
      peers(own, silenceId);
    }
  }

  private void peers(HttpTarget own, String silenceId) throws InterruptedException {
    for (HttpTarget peer : alertmanagers.values()) {
      if (!peer.equals(own)) {
        try {
          api.expire(peer, silenceId);
        } catch (IOException e) {
          log.debug("peer {} did not expire silence {}: {}", peer.display(), silenceId, e.getMessage());
        }
      }
    }
  }

  /** A row whose silence Alertmanager does not hold: recorded as never created. */
  void neverCreated(SilenceRow row, String why) {
    store.expired(row.id(), row.incidentId(), lines.neverCreated(row, why));
  }

  /** The silence ended by itself: recorded, nothing to call. */
  void ended(SilenceRow row) {
    store.expired(row.id(), row.incidentId(), lines.ended(row));
  }
}
