package io.runbookd.escalation.pagers;

import io.runbookd.escalation.Delivery;
import java.time.Duration;
import java.util.Optional;

/**
 * What an endpoint answered: its status, its body (bounded, already scrubbed of the pager's
 * secrets) and its {@code Retry-After}, if any.
 */
record Answer(int status, String body, Optional<Duration> retryAfter) {

  boolean success() {
    return status >= 200 && status < 300;
  }

  /** 408, 429 and 5xx may succeed later; any other answer will not change by repeating it. */
  boolean transientFailure() {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * The reading every pager shares for a failed answer: a transient failure is a RETRY that honours
   * {@code Retry-After}; anything else, redirects included (they are not followed: a POST would
   * lose its body), is REJECTED.
   */
  Delivery failure(String where, String why) {
    String detail = where + " answered " + status + (why.isBlank() ? "" : ": " + why);
    return transientFailure() ? Delivery.retry(retryAfter, detail) : Delivery.rejected(detail);
  }
}
