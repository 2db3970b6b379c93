package io.runbookd.probes.k8s;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code k8s.events} reads: events of one namespace of a {@code type} ({@code Warning}, {@code
 * Normal} or {@code all}) seen within {@code since}, about the objects {@link #covers} accepts, at
 * most {@code limit} listed.
 */
public record EventsParams(
    String namespace,
    Optional<String> kind,
    Optional<String> name,
    Duration since,
    int limit,
    String type) {
  public static final String ALL = "all";

  public EventsParams {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(name);
    Objects.requireNonNull(since);
    Objects.requireNonNull(type);
  }

  boolean wantsType(String eventType) {
    return ALL.equals(type) || type.equalsIgnoreCase(eventType);
  }

  /**
   * Whether an event about {@code objectKind}/{@code objectName} is in scope. Kinds compare
   * ignoring case. A name with kind Deployment (or no kind) also covers what the Deployment
   * controller names after it: ReplicaSets {@code NAME-HASH} and Pods {@code NAME-HASH-SUFFIX}.
   * That is by name only, so a sibling Deployment {@code NAME-x} has its Pods counted too.
   */
  boolean covers(String objectKind, String objectName) {
    boolean kindMatches = kind.map(k -> k.equalsIgnoreCase(objectKind)).orElse(true);
    if (name.isEmpty()) {
      return kindMatches;
    }
    if (name.get().equals(objectName)) {
      return kindMatches;
    }
    boolean workload = kind.map("Deployment"::equalsIgnoreCase).orElse(true);
    String prefix = name.get() + "-";
    if (!workload || objectName == null || !objectName.startsWith(prefix)) {
      return false;
    }
    long dashes = objectName.substring(prefix.length()).chars().filter(c -> c == '-').count();
    return "ReplicaSet".equals(objectKind) && dashes == 0
        || "Pod".equals(objectKind) && dashes == 1;
  }
}
