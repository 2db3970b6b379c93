package io.runbookd.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The escalation policy applied: which pagers a page uses, who each level pages, when the next
 * level is due, and the snapshot of all that stored with a page when it opens (a later change
 * of configuration does not rewrite how an open page escalates).
 */
final class Policy {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final RunbookdConfig.Escalation config;
  private final Pagers pagers;
  private final ObjectMapper json;

  Policy(RunbookdConfig.Escalation config, Pagers pagers, ObjectMapper json) {
    this.config = config;
    this.pagers = pagers;
    this.json = json;
  }

  Duration stormWindow() {
    return config.stormWindow();
  }

  Duration updateEvery() {
    return config.stormUpdateEvery();
  }

  /**
   * The pagers of a page: the rule's own list when it has one (the rule knows its audience; only
   * configured pagers count), else the policy's for the priority (by default P0/P1 every
   * configured pager, P2/P3 those without their own escalation: Slack, webhooks, the log).
   */
  List<String> pagersFor(Priority priority, List<String> fromRule) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    fromRule.stream().filter(n -> pagers.find(n).isPresent()).forEach(names::add);
    if (!names.isEmpty()) {
      return List.copyOf(names);
    }
    RunbookdConfig.PriorityPolicy p = config.priorities().get(priority.name());
    if (p.pagers().isPresent()) {
      return List.copyOf(p.pagers().get());
    }
    boolean urgent = priority == Priority.P0 || priority == Priority.P1;
    pagers.all().stream().filter(pg -> urgent || !pg.escalatesItself()).forEach(pg -> names.add(pg.name()));
    return List.copyOf(names);
  }

  /** The snapshot stored with a page: its levels' targets, response target and pagers. */
  String snapshot(Priority priority, List<String> pagerNames, String firstIncident) {
    RunbookdConfig.PriorityPolicy p = config.priorities().get(priority.name());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("priority", priority.name());
    out.put("respondWithinSeconds", p.respondWithin().toSeconds());
    out.put("targets", p.targets());
    out.put("pagers", pagerNames);
    out.put("incident", firstIncident);
    try {
      return json.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the next level is due: only if there is one and some pager cannot escalate itself. */
  Optional<Instant> nextLevelAt(Priority priority, List<String> pagerNames, Instant now) {
    RunbookdConfig.PriorityPolicy p = config.priorities().get(priority.name());
    return p.targets().size() > 1 && needsUs(pagerNames) ? Optional.of(now.plus(p.respondWithin())) : Optional.empty();
  }

  private boolean needsUs(List<String> pagerNames) {
    return pagerNames.stream().map(pagers::find).flatMap(Optional::stream).anyMatch(pg -> !pg.escalatesItself());
  }

  /** A snapshot read back. */
  record Snapshot(List<String> targets, List<String> pagers, Duration respondWithin, String incident) {
    /** The pagers a level pages: only those without their own escalation. */
    List<String> levelPagers(Pagers all) {
      return pagers.stream().filter(n -> all.find(n).map(pg -> !pg.escalatesItself()).orElse(false)).toList();
    }
  }

  Snapshot read(String snapshot) throws JsonProcessingException {
    Map<String, Object> in = json.readValue(snapshot, MAP);
    return new Snapshot(strings(in.get("targets")), strings(in.get("pagers")),
        Duration.ofSeconds(((Number) in.get("respondWithinSeconds")).longValue()),
        String.valueOf(in.get("incident")));
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }

  Pagers pagers() {
    return pagers;
  }
}
