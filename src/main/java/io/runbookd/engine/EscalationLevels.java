package io.runbookd.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runbookd.store.EngineStore;
import io.runbookd.store.TimelineLine;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For pagers without their own escalation (Slack, webhooks, the log): an escalated incident
 * nobody acknowledged within its priority's response target pages the next level of the
 * policy snapshotted on it. {@code POST /api/v1/incidents/{id}/ack} stops it.
 */
final class EscalationLevels {
  private static final Logger log = LoggerFactory.getLogger(EscalationLevels.class);

  private final EngineStore store;
  private final Paging paging;
  private final Clock clock;

  EscalationLevels(EngineStore store, Paging paging, Clock clock) {
    this.store = store;
    this.paging = paging;
    this.clock = clock;
  }

  int followUpDue() throws SQLException {
    int paged = 0;
    for (String id : store.dueEscalations(clock.instant(), 50)) {
      Optional<Map.Entry<String, Integer>> state = store.escalation(id);
      if (state.isPresent() && next(id, state.get().getKey(), state.get().getValue())) {
        paged++;
      }
    }
    return paged;
  }

  private boolean next(String id, String snapshot, int level) throws SQLException {
    Instant now = clock.instant();
    Optional<Paging.Level> next;
    try {
      next = paging.nextLevel(snapshot, level, now);
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("incident {}: escalation snapshot unreadable: {}", id, e.toString());
      next = Optional.empty();
    }
    if (next.isEmpty()) {
      return store.escalateLevel(id, level, Optional.empty(), java.util.List.of(),
          TimelineLine.of("escalation_exhausted", "not acknowledged; every escalation level was paged"), now);
    }
    Paging.Level l = next.get();
    return store.escalateLevel(id, level, l.next(), l.pages(), TimelineLine.of("escalated_level",
        "not acknowledged within the response target: paging level " + (level + 1) + " (" + l.target() + ")"),
        now);
  }
}
