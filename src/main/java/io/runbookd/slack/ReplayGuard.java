package io.runbookd.slack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Refuses a signed Slack request seen before. A signature is remembered for twice the
 * timestamp window from its arrival, which outlasts the time Slack's timestamp check lets it
 * pass; arrival order is expiry order, so forgetting is a walk from the oldest. Memory is bounded:
 * when {@link #CAPACITY} signatures are remembered, new requests are refused until old ones
 * expire (failing closed; Slack sends far fewer clicks than that in ten minutes).
 */
final class ReplayGuard {
  static final int CAPACITY = 10_000;
  private static final Duration REMEMBER = SlackSignature.WINDOW.multipliedBy(2);

  private record Seen(String signature, Instant until) {}

  private final Deque<Seen> order = new ArrayDeque<>();
  private final Set<String> seen = new HashSet<>();

  /** Why a request is refused, or that it is new. */
  enum Verdict {
    NEW,
    REPLAYED,
    FULL
  }

  synchronized Verdict admit(String signature, Instant now) {
    while (!order.isEmpty() && !order.peekFirst().until().isAfter(now)) {
      seen.remove(order.pollFirst().signature());
    }
    if (seen.contains(signature)) {
      return Verdict.REPLAYED;
    }
    if (seen.size() >= CAPACITY) {
      return Verdict.FULL;
    }
    seen.add(signature);
    order.addLast(new Seen(signature, now.plus(REMEMBER)));
    return Verdict.NEW;
  }
}
