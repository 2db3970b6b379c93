package io.runbookd.store;

import io.runbookd.incident.Incident;
import io.runbookd.incident.TimelineEntry;
import java.util.List;
import java.util.Optional;

/**
 * The first lines of every timeline, read from the incident row the intake wrote (so opening an
 * incident costs no timeline rows): the alert that opened it, and why its rule matched.
 */
final class Opening {
  private Opening() {}

  static List<TimelineEntry> entries(Incident i) {
    if (!i.trigger().kind().equals("alert")) {
      return List.of(new TimelineEntry(0, i.createdAt(), "started", i.matchReason(), i.trigger().data()));
    }
    String value = i.firstAlert().flatMap(a -> a.value().isPresent()
        ? Optional.of("; value " + a.value().getAsDouble()) : Optional.empty()).orElse("; no value");
    String received = "alert " + Text.quote(i.alertname()) + " opened the incident, firing since "
        + i.startsAt() + value;
    String kind = i.rule().isPresent() ? "matched" : "unmatched";
    return List.of(
        new TimelineEntry(0, i.createdAt(), "received", received, Optional.empty()),
        new TimelineEntry(0, i.createdAt(), kind, i.matchReason() + "; priority " + i.priority(),
            Optional.of("{\"priority\":\"" + i.priority() + "\"}")));
  }
}
