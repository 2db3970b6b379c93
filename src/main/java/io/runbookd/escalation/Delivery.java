package io.runbookd.escalation;

import java.time.Duration;
import java.util.Optional;

/**
 * How one attempt to deliver a page ended, as a value: the outbox alone decides what follows
 * (done, try again after a backoff or the pager's {@code Retry-After}, or give up and record).
 *
 * @param detail one line for the timeline; never a secret (no keys, no webhook URLs)
 */
public record Delivery(Status status, Optional<Duration> retryAfter, String detail) {

  /** The three ways an attempt ends. */
  public enum Status {
    /** The pager accepted it. */
    DELIVERED,
    /** Try again later: rate limited (429), server error (5xx), or no answer. */
    RETRY,
    /** The pager refused it for good (other 4xx): retrying cannot help. */
    REJECTED
  }

  public static Delivery delivered(String detail) {
    return new Delivery(Status.DELIVERED, Optional.empty(), detail);
  }

  public static Delivery retry(Optional<Duration> after, String detail) {
    return new Delivery(Status.RETRY, after, detail);
  }

  public static Delivery rejected(String detail) {
    return new Delivery(Status.REJECTED, Optional.empty(), detail);
  }
}
