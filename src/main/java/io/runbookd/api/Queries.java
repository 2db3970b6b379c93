package io.runbookd.api;

import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.IncidentFilter;
import io.vertx.core.MultiMap;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Parses the incident listing's query parameters; a bad one names itself. */
final class Queries {
  /** A query parameter that cannot be used. */
  static final class BadQueryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    BadQueryException(String field, String message) {
      super(message);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  private Queries() {}

  static IncidentFilter filter(MultiMap params) throws BadQueryException {
    Optional<IncidentStatus> status = Optional.empty();
    String statusText = params.get("status");
    if (statusText != null) {
      status = IncidentStatus.parse(statusText);
      if (status.isEmpty()) {
        throw new BadQueryException(
            "status",
            "unknown status; known: "
                + Arrays.stream(IncidentStatus.values())
                    .map(IncidentStatus::wire)
                    .collect(Collectors.joining(", ")));
      }
    }
    return new IncidentFilter(
        status,
        bounded(params.get("rule"), "rule", 128),
        bounded(params.get("fingerprint"), "fingerprint", 128),
        limit(params.get("limit")));
  }

  private static Optional<String> bounded(String value, String field, int max)
      throws BadQueryException {
    if (value == null) {
      return Optional.empty();
    }
    if (value.length() > max) {
      throw new BadQueryException(field, "longer than " + max + " characters");
    }
    return Optional.of(value);
  }

  private static int limit(String text) throws BadQueryException {
    if (text == null) {
      return IncidentFilter.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit < 1 || limit > IncidentFilter.MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new BadQueryException(
          "limit", "must be a whole number from 1 to " + IncidentFilter.MAX_LIMIT);
    }
  }
}
