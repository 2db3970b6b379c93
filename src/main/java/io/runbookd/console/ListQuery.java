package io.runbookd.console;

import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.store.IncidentFilter;
import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Optional;

/**
 * The incident list's filters, read from the query string. Status and rule narrow the store's
 * query; priority and free text are applied to what it returns (at most {@link #SCAN} incidents).
 */
record ListQuery(Optional<IncidentStatus> status, Optional<String> rule, Optional<Priority> priority,
    Optional<String> text) {
  static final int SHOWN = 100;
  static final int SCAN = 1000;

  static ListQuery of(MultiMap params) {
    return new ListQuery(
        Optional.ofNullable(params.get("status")).flatMap(IncidentStatus::parse),
        word(params.get("rule")),
        Optional.ofNullable(params.get("priority")).filter(p -> p.matches("P[0-3]")).map(Priority::valueOf),
        Optional.ofNullable(params.get("q")).map(String::strip).filter(q -> !q.isEmpty() && q.length() <= 200));
  }

  private static Optional<String> word(String text) {
    return Optional.ofNullable(text).filter(t -> t.matches("[A-Za-z0-9._-]{1,128}"));
  }

  IncidentFilter filter() {
    boolean narrowsLater = priority.isPresent() || text.isPresent();
    return new IncidentFilter(status, rule, Optional.empty(), narrowsLater ? SCAN : SHOWN);
  }

  boolean matches(Incident i) {
    return priority.map(p -> p == i.priority()).orElse(true) && text.map(t -> mentions(i, t)).orElse(true);
  }

  /** The id, alert name, rule or a group label value contains the text, ignoring case. */
  private static boolean mentions(Incident i, String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    return contains(i.id(), needle) || contains(i.alertname(), needle) || contains(i.rule().orElse(""), needle)
        || i.groupLabels().values().stream().anyMatch(v -> contains(v, needle));
  }

  private static boolean contains(String haystack, String needle) {
    return haystack.toLowerCase(Locale.ROOT).contains(needle);
  }

  boolean any() {
    return status.isPresent() || rule.isPresent() || priority.isPresent() || text.isPresent();
  }
}
