package io.runbookd.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.Incident;
import io.runbookd.incident.Priority;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.OutboxEntry;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageRow;
import io.runbookd.store.PageStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Tx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One page per incident, or one per storm: incidents of one runbook that are open and of the
 * same priority within the storm window share a page, updated (a new revision, the same dedup
 * key) at most once per {@code stormUpdateEvery}. Nothing joins an acknowledged or resolved
 * page, and a more urgent incident never hides in a less urgent page.
 */
public final class Paging implements Escalations {
  private final Policy policy;
  private final PageStore pages;
  private final IncidentStore incidents;
  private final PageJson bodies;
  private final ApprovalNotices approvals;

  public Paging(RunbookdConfig.Escalation config, Pagers pagers, PageStore pages, IncidentStore incidents,
      ObjectMapper json) {
    this(config, pagers, pages, incidents, json, Optional.empty());
  }

  /** @param externalUrl runbookd's URL as people reach it: approval requests link to the console */
  public Paging(RunbookdConfig.Escalation config, Pagers pagers, PageStore pages, IncidentStore incidents,
      ObjectMapper json, Optional<URI> externalUrl) {
    this.policy = new Policy(config, pagers, json);
    this.pages = pages;
    this.incidents = incidents;
    this.bodies = new PageJson(json);
    this.approvals = new ApprovalNotices(pagers, bodies, externalUrl);
  }

  @Override
  public Paged page(Tx tx, PageRequest request) {
    Priority priority = mostUrgent(request.priority(),
        incidents.get(tx, request.incidentId()).map(Incident::priority).orElse(request.priority()));
    Optional<PageRow> current = incidents.pageOf(tx, request.incidentId()).flatMap(id -> pages.page(tx, id));
    if (current.isPresent()) {
      PageRow page = current.get();
      if (page.priority().compareTo(priority.name()) <= 0) {
        return update(tx, page, request, priority);
      }
      leave(tx, page, request.incidentId());
    }
    Optional<PageRow> storm = pages.openStormPage(tx, request.stormKey(), priority.name(),
        tx.now().minus(policy.stormWindow()));
    if (storm.isPresent()) {
      pages.attach(tx, storm.get().id(), request.incidentId());
      Paged update = update(tx, storm.get(), request, priority);
      return new Paged("summarised in the open page of its storm (" + (storm.get().incidents() + 1)
          + " incidents of " + request.what() + ", " + priority + "): " + update.line(), update.updateDueAt());
    }
    return new Paged(open(tx, request, priority), Optional.empty());
  }

  private String open(Tx tx, PageRequest request, Priority priority) {
    List<String> pagers = policy.pagersFor(priority, request.rulePagers());
    PageRow page = pages.create(tx, new PageStore.NewPage(DedupKey.of(request.incidentId() + "/" + priority),
        request.stormKey(), priority.name(), policy.snapshot(priority, pagers, request.incidentId()),
        policy.nextLevelAt(priority, pagers, tx.now())));
    pages.attach(tx, page.id(), request.incidentId());
    Page body = body(page, request, priority, List.of(), "");
    OutboxStore.enqueue(tx, entries(page, request.incidentId(), body, pagers, 0));
    return "paging " + (pagers.isEmpty() ? "nobody (no pager configured)" : String.join(", ", pagers))
        + " at " + priority;
  }

  /** A new revision of an open page, when the last one went out long enough ago. */
  private Paged update(Tx tx, PageRow page, PageRequest request, Priority priority) {
    if (!page.status().equals("open")) {
      return new Paged("its page is " + page.status() + "; no new page", Optional.empty());
    }
    Optional<Integer> revision = pages.nextRevision(tx, page, policy.updateEvery());
    if (revision.isEmpty()) {
      return new Paged("its page is updated at most every " + policy.updateEvery().toSeconds() + " s",
          Optional.of(page.lastSentAt().plus(policy.updateEvery())));
    }
    List<String> related = pages.incidents(tx, page.id());
    String title = related.size() > 1
        ? related.size() + " incidents of " + request.what() + " (" + priority + ")" : request.title();
    Page body = body(page, request, priority, related, title);
    List<String> pagers = snapshotPagers(page);
    OutboxStore.enqueue(tx, entries(page, request.incidentId(), body, pagers, revision.get()));
    return new Paged("page updated (revision " + revision.get() + ") on " + String.join(", ", pagers),
        Optional.empty());
  }

  private void leave(Tx tx, PageRow page, String incidentId) {
    Timeline.append(tx, incidentId, TimelineLine.of("page_moved", "more urgent than its " + page.priority()
        + " page: paged again at its priority"));
    pages.incidentEnded(tx, page.id()).filter(p -> p.status().equals("resolved"))
        .ifPresent(p -> OutboxStore.follow(tx, p.id(), incidentId, "resolve"));
  }

  @Override
  public void ended(Tx tx, String incidentId) {
    incidents.pageOf(tx, incidentId).flatMap(id -> pages.incidentEnded(tx, id))
        .filter(p -> p.status().equals("resolved"))
        .ifPresent(p -> OutboxStore.follow(tx, p.id(), incidentId, "resolve"));
  }

  @Override
  public void acknowledged(Tx tx, String incidentId) {
    incidents.pageOf(tx, incidentId).ifPresent(id -> {
      if (pages.acknowledge(tx, id)) {
        OutboxStore.follow(tx, id, incidentId, "acknowledge");
      }
    });
  }

  @Override
  public void approvalNeeded(Tx tx, ApprovalNotice notice) {
    approvals.ask(tx, notice);
  }

  private Page body(PageRow page, PageRequest request, Priority priority, List<String> related, String title) {
    return new Page(request.incidentId(), page.dedupKey(), Page.Event.TRIGGER, priority,
        title.isEmpty() ? request.title() : title, request.reason(), request.findings(), request.actions(),
        Optional.empty(), "", related);
  }

  private List<String> snapshotPagers(PageRow page) {
    try {
      return policy.read(page.policy()).pagers();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of("log");
    }
  }

  private List<OutboxEntry> entries(PageRow page, String incidentId, Page body, List<String> pagers, int revision) {
    String text = bodies.write(body);
    List<OutboxEntry> out = new ArrayList<>();
    for (String pager : pagers) {
      out.add(new OutboxEntry(page.id(), incidentId, pager, page.dedupKey(), "trigger", revision,
          page.priority(), text));
    }
    return out;
  }

  private static Priority mostUrgent(Priority a, Priority b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  Policy policy() {
    return policy;
  }
}
