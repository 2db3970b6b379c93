package io.runbookd.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.runbookd.store.OutboxEntry;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageRow;
import io.runbookd.store.PageStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For pagers without their own escalation (Slack, webhooks, the log): a page nobody acknowledged
 * within its priority's response target pages the next level of the policy snapshotted on it,
 * once per page however many incidents it summarises. Acknowledging or resolving the page
 * cancels the next level in the same transaction.
 */
public final class EscalationLevels {
  private static final Logger log = LoggerFactory.getLogger(EscalationLevels.class);

  private final Store store;
  private final PageStore pages;
  private final Policy policy;
  private final PageJson bodies;
  private final Clock clock;

  public EscalationLevels(Store store, PageStore pages, Paging paging, com.fasterxml.jackson.databind.ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.pages = pages;
    this.policy = paging.policy();
    this.bodies = new PageJson(json);
    this.clock = clock;
  }

  /** Pages the next level of every page whose level is due; returns how many moved. */
  public int followUpDue() {
    int moved = 0;
    for (long id : pages.dueLevels(clock.instant(), 50)) {
      if (store.write(tx -> next(tx, id))) {
        moved++;
      }
    }
    return moved;
  }

  private boolean next(Tx tx, long id) {
    Optional<PageRow> found = pages.page(tx, id).filter(p -> p.status().equals("open"));
    if (found.isEmpty() || found.get().nextLevelAt().map(at -> at.isAfter(tx.now())).orElse(true)) {
      return false;
    }
    PageRow page = found.get();
    Policy.Snapshot snapshot;
    try {
      snapshot = policy.read(page.policy());
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("page {}: escalation snapshot unreadable: {}", id, e.toString());
      return pages.advanceLevel(tx, id, page.level(), Optional.empty());
    }
    int level = page.level();
    if (level >= snapshot.targets().size()) {
      Timeline.append(tx, snapshot.incident(), TimelineLine.of("escalation_exhausted",
          "not acknowledged; every escalation level was paged"));
      return pages.advanceLevel(tx, id, level, Optional.empty());
    }
    String target = snapshot.targets().get(level);
    Instant now = tx.now();
    Optional<Instant> next = level + 1 < snapshot.targets().size()
        ? Optional.of(now.plus(snapshot.respondWithin())) : Optional.empty();
    if (!pages.advanceLevel(tx, id, level, next)) {
      return false;
    }
    OutboxStore.enqueue(tx, levelPages(page, snapshot, level, target));
    Timeline.append(tx, snapshot.incident(), TimelineLine.of("escalated_level", "not acknowledged within the"
        + " response target: paging level " + (level + 1) + " (" + target + ")"));
    return true;
  }

  private List<OutboxEntry> levelPages(PageRow page, Policy.Snapshot snapshot, int level, String target) {
    String dedup = DedupKey.of(page.dedupKey() + "/level" + (level + 1));
    Page body = new Page(snapshot.incident(), dedup, Page.Event.TRIGGER,
        io.runbookd.incident.Priority.valueOf(page.priority()), "not acknowledged: escalated to " + target,
        "nobody acknowledged within " + snapshot.respondWithin().toMinutes() + " min; level " + (level + 1),
        List.of(), List.of(), Optional.empty(), target, List.of());
    String text = bodies.write(body);
    List<OutboxEntry> out = new ArrayList<>();
    for (String pager : snapshot.levelPagers(policy.pagers())) {
      out.add(new OutboxEntry(page.id(), snapshot.incident(), pager, dedup, "trigger", 0, page.priority(), text));
    }
    return out;
  }
}
