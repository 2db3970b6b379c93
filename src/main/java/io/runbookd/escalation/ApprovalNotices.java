package io.runbookd.escalation;

import io.runbookd.store.ApprovalNoticeStore;
import io.runbookd.store.OutboxEntry;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Tx;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Asks for an approval where people can answer it: a step that starts waiting is posted, with
 * Approve and Deny buttons, to the pagers that {@linkplain Pager#carriesButtons carry them}
 * (the rule's own such pagers, else every configured one), through the outbox, once per incident
 * and step. Pagers without buttons are not told here; they are paged if the incident escalates.
 */
final class ApprovalNotices {
  private final Pagers pagers;
  private final PageJson bodies;
  private final Optional<URI> externalUrl;

  ApprovalNotices(Pagers pagers, PageJson bodies, Optional<URI> externalUrl) {
    this.pagers = pagers;
    this.bodies = bodies;
    this.externalUrl = externalUrl;
  }

  void ask(Tx tx, ApprovalNotice notice) {
    List<String> to = pagersFor(notice.rulePagers());
    if (to.isEmpty()) {
      return;
    }
    String dedupKey = DedupKey.of(notice.incidentId() + "/approval/" + notice.stepId());
    String body = bodies.write(page(notice, dedupKey));
    if (!ApprovalNoticeStore.open(tx, notice.incidentId(), notice.stepId(), dedupKey, body)) {
      return;
    }
    OutboxStore.enqueue(tx, to.stream().map(pager -> new OutboxEntry(ApprovalNoticeStore.NO_PAGE,
        notice.incidentId(), pager, dedupKey, "trigger", 0, notice.priority().name(), body)).toList());
    Timeline.append(tx, notice.incidentId(), TimelineLine.of("paging", "asking for approval of step "
        + notice.stepId() + " on " + String.join(", ", to) + " (Approve and Deny buttons, until "
        + notice.deadline() + ")"));
  }

  /** The rule's own pagers that carry buttons; when it names none, every configured one that does. */
  List<String> pagersFor(List<String> fromRule) {
    List<String> named = fromRule.stream().distinct()
        .filter(name -> pagers.find(name).map(Pager::carriesButtons).orElse(false)).toList();
    return !named.isEmpty() ? named
        : pagers.all().stream().filter(Pager::carriesButtons).map(Pager::name).toList();
  }

  private Page page(ApprovalNotice notice, String dedupKey) {
    return new Page(notice.incidentId(), dedupKey, Page.Event.TRIGGER, notice.priority(), notice.title(),
        "step " + notice.stepId() + " waits for approval: " + notice.why(), List.of(), List.of(notice.willRun()),
        consoleLink(notice.incidentId()), "", List.of(), Optional.of(new Page.Approval(notice.stepId(),
            notice.willRun(), notice.why(), notice.deadline(), Optional.empty(), Optional.empty())));
  }

  /** The incident in the console, when runbookd's external URL is configured. */
  private Optional<URI> consoleLink(String incidentId) {
    if (externalUrl.isEmpty() || !incidentId.matches("[a-z0-9-]{1,64}")) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(externalUrl.get().toString().replaceAll("/+$", "") + "/console/incidents/"
          + incidentId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();  // a notice without its link beats no notice
    }
  }
}
