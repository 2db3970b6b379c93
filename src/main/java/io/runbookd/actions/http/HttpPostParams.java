package io.runbookd.actions.http;

import io.runbookd.http.HttpTarget;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code http.post} sends: a JSON object of text values to an allow-listed URL, with an
 * optional {@code Idempotency-Key}; the status that counts as success (any 2xx when empty).
 */
public record HttpPostParams(
    HttpTarget target,
    Map<String, String> body,
    Optional<String> idempotencyKey,
    OptionalInt expectStatus,
    Duration timeout) {
  public HttpPostParams {
    // In the rule's order: the JSON keeps it.
    body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  boolean success(int status) {
    return expectStatus.isPresent() ? status == expectStatus.getAsInt() : status / 100 == 2;
  }

  String path() {
    String path = target.uri().getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }
}
