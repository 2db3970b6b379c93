package io.runbookd.probes.k8s;

import io.runbookd.plugin.Checks;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code k8s.events} reports: the newest events, how many matched, and how many events (not
 * repeats: see {@code occurrences}) each reason has, the most frequent first.
 */
record EventsReport(
    EventsParams params, List<EventFacts> matching, Instant now, boolean truncated) {
  private static final int NAMED = 5;

  EventsReport {
    matching = List.copyOf(matching);
  }

  Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("events", matching.stream().limit(params.limit()).map(e -> e.toData(now)).toList());
    data.put("count", (long) matching.size());
    data.put("reasons", reasons());
    data.put("occurrences", matching.stream().mapToLong(EventFacts::count).sum());
    data.put("truncated", truncated);
    return data;
  }

  /** {@code 5 warning events in the last 1h: BackOff ×3, OOMKilling ×1, FailedScheduling ×1}. */
  String summary() {
    String type =
        EventsParams.ALL.equals(params.type()) ? "" : params.type().toLowerCase(Locale.ROOT) + " ";
    StringBuilder s =
        new StringBuilder()
            .append(matching.size())
            .append(' ')
            .append(type)
            .append(matching.size() == 1 ? "event" : "events")
            .append(scope())
            .append(" in the last ")
            .append(window());
    Map<String, Long> reasons = reasons();
    if (!reasons.isEmpty()) {
      s.append(": ")
          .append(
              reasons.entrySet().stream()
                  .limit(NAMED)
                  .map(e -> Checks.clip(e.getKey()) + " ×" + e.getValue())
                  .collect(Collectors.joining(", ")))
          .append(reasons.size() > NAMED ? ", …" : "");
    }
    return s.append(truncated ? "; first " + Events.MAX_SCANNED + " events read" : "").toString();
  }

  /** {@code 1h}, {@code 90m}, {@code 2d}: the largest unit that states the window exactly. */
  private String window() {
    long s = params.since().getSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  private String scope() {
    if (params.name().isEmpty()) {
      return params.kind().map(k -> " for " + k).orElse("");
    }
    return " for " + params.kind().map(k -> k + " ").orElse("") + params.name().get();
  }

  private Map<String, Long> reasons() {
    Map<String, Long> counted = new TreeMap<>();
    matching.forEach(e -> counted.merge(e.reason(), 1L, Long::sum));
    Map<String, Long> ordered = new LinkedHashMap<>();
    counted.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }
}
