package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.runbookd.k8s.K8sTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** One core/v1 Event as {@code kubectl get events} shows it. */
record EventFacts(
    String type,
    String reason,
    String message,
    String objectKind,
    String objectName,
    long count,
    Instant lastSeen) {

  static EventFacts of(Event e) {
    ObjectReference about =
        Optional.ofNullable(e.getInvolvedObject()).orElseGet(ObjectReference::new);
    return new EventFacts(
        ClusterText.clean(e.getType()),
        ClusterText.clean(e.getReason()),
        ClusterText.clean(e.getMessage()),
        ClusterText.clean(about.getKind()),
        ClusterText.clean(about.getName()),
        count(e),
        lastSeen(e));
  }

  /** Repeats are folded into one Event: {@code count} (core/v1) or {@code series.count}. */
  private static long count(Event e) {
    if (e.getSeries() != null && e.getSeries().getCount() != null) {
      return Math.max(1, e.getSeries().getCount());
    }
    return e.getCount() == null ? 1 : Math.max(1, e.getCount());
  }

  /**
   * When the event last happened: core/v1 writers set {@code lastTimestamp}, events.k8s.io writers
   * {@code series.lastObservedTime} or {@code eventTime}; the first one present wins.
   */
  private static Instant lastSeen(Event e) {
    return Stream.of(
            e.getLastTimestamp(),
            e.getSeries() == null || e.getSeries().getLastObservedTime() == null
                ? null
                : e.getSeries().getLastObservedTime().getTime(),
            e.getEventTime() == null ? null : e.getEventTime().getTime(),
            e.getFirstTimestamp(),
            e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp())
        .flatMap(t -> K8sTime.parse(t).stream())
        .findFirst()
        .orElse(Instant.EPOCH);
  }

  long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(lastSeen, now).getSeconds());
  }

  Map<String, Object> toData(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", type);
    data.put("reason", reason);
    data.put("message", message);
    data.put("object", objectKind + "/" + objectName);
    data.put("count", count);
    data.put("last_seen", K8sTime.format(lastSeen));
    data.put("age_seconds", ageSeconds(now));
    return data;
  }
}
