package io.runbookd.store;

import io.runbookd.incident.IncidentStatus;
import java.util.Optional;

/** Which incidents a listing returns, newest first, at most {@code limit}. */
public record IncidentFilter(
    Optional<IncidentStatus> status,
    Optional<String> rule,
    Optional<String> fingerprint,
    int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  public static IncidentFilter all() {
    return new IncidentFilter(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }
}
