package io.runbookd.silence;

import io.runbookd.http.HttpTarget;
import io.runbookd.store.SilenceRow;
import io.runbookd.store.SilenceStore;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one Alertmanager's silences created by runbookd in step with the store, by the row key in
 * their comments: a silence whose row never learnt its id (runbookd stopped between creating and
 * recording it) is adopted; one whose row is gone, over, or holds another id is expired; a row
 * whose silence Alertmanager no longer holds at all is closed, to be created again. Runs at
 * start, whenever a row waits for an answer it may never get, and every few minutes.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  private final SilenceStore store;
  private final AlertmanagerApi api;
  private final Lines lines;

  Recovery(SilenceStore store, AlertmanagerApi api, Lines lines) {
    this.store = store;
    this.api = api;
    this.lines = lines;
  }

  /**
   * Lists {@code am} and settles runbookd's silences there against {@code live} (rows by key).
   * Returns the keys of the rows it found a silence for; empty when Alertmanager could not be
   * listed.
   */
  Optional<Set<String>> sweep(HttpTarget am, Map<String, SilenceRow> live) throws InterruptedException {
    List<ListedSilence> listed;
    try {
      listed = api.list(am);
    } catch (IOException e) {
      log.warn("cannot list the silences of Alertmanager {}: {}", am.display(), e.getMessage());
      return Optional.empty();
    }
    Set<String> found = new HashSet<>();
    Set<String> listedIds = new HashSet<>();
    for (ListedSilence silence : listed) {
      listedIds.add(silence.id());
      Optional<String> key = silence.expired() ? Optional.empty() : SilenceComment.rowId(silence);
      if (key.isPresent()) {
        found.add(key.get());
        settle(am, silence, Optional.ofNullable(live.get(key.get())), key.get());
      }
    }
    vanished(am, live, listedIds);
    return Optional.of(found);
  }

  /**
   * Active rows of {@code am} whose silence it no longer knows at all (it restarted without its
   * data): recorded as over, so that the next pass creates them again if still wanted.
   */
  private void vanished(HttpTarget am, Map<String, SilenceRow> live, Set<String> listedIds) {
    for (SilenceRow row : live.values()) {
      if (row.state() == SilenceRow.State.ACTIVE && row.alertmanager().equals(am.display())
          && row.silenceId().filter(listedIds::contains).isEmpty()) {
        store.expired(row.id(), row.incidentId(), lines.vanished(row));
      }
    }
  }

  private void settle(HttpTarget am, ListedSilence silence, Optional<SilenceRow> row, String key)
      throws InterruptedException {
    if (row.isPresent() && row.get().silenceId().isEmpty()) {
      store.known(key, row.get().incidentId(), silence.id(), lines.adopted(row.get(), silence.id()));
    } else if (row.isEmpty() || !row.get().silenceId().get().equals(silence.id())) {
      expireLeftover(am, silence, row.or(() -> store.get(key)));
    }
  }

  /** A silence of runbookd's that no live row holds: its row is over, or it is a second copy. */
  private void expireLeftover(HttpTarget am, ListedSilence silence, Optional<SilenceRow> row)
      throws InterruptedException {
    try {
      api.expire(am, silence.id());
    } catch (IOException e) {
      log.warn("cannot expire left-over silence {} in {}: {}", silence.id(), am.display(), e.getMessage());
      return;
    }
    log.info("expired left-over silence {} in Alertmanager {}", silence.id(), am.display());
    row.filter(r -> r.incidentStatus().isPresent())
        .ifPresent(r -> store.note(r.incidentId(), lines.leftover(r, silence.id(), am.display())));
  }
}
