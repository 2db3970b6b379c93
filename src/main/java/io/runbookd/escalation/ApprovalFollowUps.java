package io.runbookd.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.store.ApprovalNoticeStore;
import io.runbookd.store.Store;
import io.runbookd.store.Tx;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the pagers that were asked for an approval how the wait ended: approved or denied (by
 * whom, through whichever door), or the window closed without a decision. An incoming webhook
 * cannot edit the message it posted, so this is a short follow-up behind it. Level-triggered: each
 * pass reads the notices whose approval is decided or past its deadline, and closes each in the
 * transaction that queues its follow-up, so it is queued once across passes and replicas.
 */
public final class ApprovalFollowUps {
  private static final Logger log = LoggerFactory.getLogger(ApprovalFollowUps.class);

  private final Store store;
  private final ApprovalNoticeStore notices;
  private final PageJson bodies;
  private final Clock clock;

  public ApprovalFollowUps(Store store, ObjectMapper json, Clock clock) {
    this.store = store;
    this.notices = new ApprovalNoticeStore(store);
    this.bodies = new PageJson(json);
    this.clock = clock;
  }

  /** Queues the follow-up of every notice whose wait is over; returns how many it closed. */
  public int followUpDue() {
    int closed = 0;
    for (ApprovalNoticeStore.Ended ended : notices.ended(clock.instant(), 50)) {
      if (store.write(tx -> close(tx, ended))) {
        closed++;
      }
    }
    return closed;
  }

  private boolean close(Tx tx, ApprovalNoticeStore.Ended ended) {
    if (!ApprovalNoticeStore.close(tx, ended.incidentId(), ended.stepId())) {
      return false;
    }
    Page followUp;
    try {
      followUp = followUp(bodies.read(ended.body(), Page.Event.TRIGGER), ended);
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("incident {}: approval notice of step {} unreadable; no follow-up: {}", ended.incidentId(),
          ended.stepId(), e.getClass().getSimpleName());
      return true;
    }
    ApprovalNoticeStore.followUp(tx, ended.dedupKey(), bodies.write(followUp));
    return true;
  }

  /** The notice as it was asked, its wait over: {@code approved}, {@code denied} or {@code expired}. */
  private static Page followUp(Page asked, ApprovalNoticeStore.Ended ended) {
    Page.Approval approval = asked.approval().orElseThrow().ended(ended.decision().orElse("expired"), ended.by());
    return new Page(asked.incidentId(), asked.dedupKey(), Page.Event.TRIGGER, asked.priority(), asked.title(),
        asked.reason(), asked.findings(), asked.actions(), asked.link(), asked.target(), asked.related(),
        Optional.of(approval));
  }
}
