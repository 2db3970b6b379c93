package io.runbookd.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.escalation.Pagers;
import io.runbookd.incident.Priority;
import io.runbookd.store.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The escalation policy applied: which pagers a priority uses, who each level pages, when the
 * next level is due, and the snapshot of all that stored on the incident when it escalates.
 */
final class Paging {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunbookdConfig.Escalation policy;
  private final Pagers pagers;
  private final PageJson pages;
  private final ObjectMapper json;

  Paging(RunbookdConfig.Escalation policy, Pagers pagers, ObjectMapper json) {
    this.policy = policy;
    this.pagers = pagers;
    this.pages = new PageJson(json);
    this.json = json;
  }

  Duration stormWindow() {
    return policy.stormWindow();
  }

  Duration stormUpdateEvery() {
    return policy.stormUpdateEvery();
  }

  /**
   * The policy's pagers for the priority (by default P0/P1 every configured pager, P2/P3 those
   * without their own escalation: Slack, webhooks, the log), plus any the rule names.
   */
  List<String> pagersFor(Priority priority, List<String> fromRule) {
    RunbookdConfig.PriorityPolicy p = policy.priorities().get(priority.name());
    LinkedHashSet<String> names = new LinkedHashSet<>();
    if (p.pagers().isPresent()) {
      names.addAll(p.pagers().get());
    } else {
      boolean urgent = priority == Priority.P0 || priority == Priority.P1;
      pagers.all().stream().filter(pg -> urgent || !pg.escalatesItself()).forEach(pg -> names.add(pg.name()));
    }
    names.addAll(fromRule);
    return List.copyOf(names);
  }

  /** What is stored on the incident: the levels and pagers it escalates through, and the page. */
  String snapshot(Priority priority, List<String> pagerNames, Page page) {
    RunbookdConfig.PriorityPolicy p = policy.priorities().get(priority.name());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("priority", priority.name());
    out.put("respondWithinSeconds", p.respondWithin().toSeconds());
    out.put("targets", p.targets());
    out.put("pagers", pagerNames);
    out.put("page", pages.write(page));
    try {
      return json.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the next level is due: only if there is one and some pager cannot escalate itself. */
  Optional<Instant> nextLevelAt(Priority priority, List<String> pagerNames, Instant now) {
    RunbookdConfig.PriorityPolicy p = policy.priorities().get(priority.name());
    boolean needsUs = pagerNames.stream().map(pagers::find).flatMap(Optional::stream)
        .anyMatch(pg -> !pg.escalatesItself());
    return p.targets().size() > 1 && needsUs ? Optional.of(now.plus(p.respondWithin())) : Optional.empty();
  }

  List<OutboxEntry> entries(Page page, List<String> names, int revision) {
    String text = pages.write(page);
    List<OutboxEntry> out = new ArrayList<>();
    for (String name : names) {
      out.add(new OutboxEntry(page.incidentId(), name, page.dedupKey(), "trigger",
          page.priority().name(), text, revision));
    }
    return out;
  }

  /** The next level's pages from a snapshot, or empty when the last level was reached. */
  Optional<Level> nextLevel(String snapshot, int level, Instant now) throws JsonProcessingException {
    Map<String, Object> in = json.readValue(snapshot, MAP);
    List<?> targets = (List<?>) in.get("targets");
    if (level >= targets.size()) {
      return Optional.empty();
    }
    String target = String.valueOf(targets.get(level));
    Page first = pages.read(String.valueOf(in.get("page")), Page.Event.TRIGGER);
    Page page = new Page(first.incidentId(), DedupKey.of(first.incidentId() + "/level" + (level + 1)),
        Page.Event.TRIGGER, first.priority(), first.title(),
        "not acknowledged within the response target; escalated to " + target + ": " + first.reason(),
        first.findings(), first.actions(), first.link(), target, first.related());
    List<String> names = ((List<?>) in.get("pagers")).stream().map(String::valueOf)
        .filter(n -> pagers.find(n).map(pg -> !pg.escalatesItself()).orElse(false)).toList();
    Duration respond = Duration.ofSeconds(((Number) in.get("respondWithinSeconds")).longValue());
    Optional<Instant> next = level + 1 < targets.size() ? Optional.of(now.plus(respond)) : Optional.empty();
    return Optional.of(new Level(level, target, entries(page, names, 0), next));
  }

  /** A level to page. */
  record Level(int from, String target, List<OutboxEntry> pages, Optional<Instant> next) {}

  boolean escalatesItself(String name) {
    return pagers.find(name).map(Pager::escalatesItself).orElse(false);
  }
}
