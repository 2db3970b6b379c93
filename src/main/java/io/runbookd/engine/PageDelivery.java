package io.runbookd.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.escalation.Pagers;
import io.runbookd.store.OutboxRow;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.TimelineLine;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: each due page is leased, sent, and recorded as delivered, rejected, or
 * due again after a jittered exponential backoff (or the pager's {@code Retry-After}, if
 * longer). Pages to one pager are spaced by that pager's rate limit. Pending pages survive
 * restarts because they live in the store.
 */
public final class PageDelivery {
  private static final Logger log = LoggerFactory.getLogger(PageDelivery.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final OutboxStore outbox;
  private final Pagers pagers;
  private final PageJson pages;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final Map<String, Duration> spacing;
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

  /** @param spacing the least time between two pages to one pager (its rate limit) */
  public PageDelivery(OutboxStore outbox, Pagers pagers, Map<String, Duration> spacing,
      MeterRegistry metrics, com.fasterxml.jackson.databind.ObjectMapper json, Clock clock) {
    this.outbox = outbox;
    this.pagers = pagers;
    this.spacing = Map.copyOf(spacing);
    this.pages = new PageJson(json);
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Sends every page that is due now; returns how many attempts were made. */
  public int deliverDue() throws SQLException {
    int attempts = 0;
    for (OutboxRow row : outbox.due(clock.instant(), 50)) {
      Instant now = clock.instant();
      if (!outbox.claim(row.id(), now.plus(LEASE), now)) {
        continue;
      }
      Optional<Instant> held = heldBack(row.pager(), now);
      if (held.isPresent()) {
        outbox.postpone(row, held.get());
        continue;
      }
      attempt(row, now);
      attempts++;
    }
    return attempts;
  }

  private Optional<Instant> heldBack(String pager, Instant now) {
    Instant last = lastSent.get(pager);
    Duration gap = spacing.getOrDefault(pager, Duration.ZERO);
    return last != null && now.isBefore(last.plus(gap)) ? Optional.of(last.plus(gap)) : Optional.empty();
  }

  private void attempt(OutboxRow row, Instant now) throws SQLException {
    Optional<Pager> pager = pagers.find(row.pager());
    if (pager.isEmpty()) {
      finish(row, "rejected", pagers.unknown(row.pager()), now);
      return;
    }
    Page.Event event = Page.Event.valueOf(row.event().toUpperCase(Locale.ROOT));
    Delivery delivery;
    try {
      delivery = pager.get().send(pages.read(row.page(), event));
    } catch (Exception e) {
      delivery = Delivery.retry(Optional.empty(), "send failed: " + e.getClass().getSimpleName());
    }
    lastSent.put(row.pager(), now);
    switch (delivery.status()) {
      case DELIVERED -> finish(row, "delivered", delivery.detail(), now);
      case REJECTED -> finish(row, "rejected", delivery.detail(), now);
      default -> retry(row, delivery, now);
    }
  }

  private void finish(OutboxRow row, String status, String detail, Instant now) throws SQLException {
    metrics.counter("runbookd_pages_total", "pager", row.pager(), "priority", row.priority(), "result", status).increment();
    String what = row.event() + " page to " + row.pager() + " (" + row.priority() + ")";
    TimelineLine line = status.equals("delivered")
        ? TimelineLine.of("paged", what + " delivered: " + detail)
        : TimelineLine.of("page_rejected", what + " rejected: " + detail);
    if (!status.equals("delivered")) {
      log.warn("incident {}: {} rejected: {}", row.incidentId(), what, detail);
    }
    outbox.finish(row, status, detail, line, now);
  }

  private void retry(OutboxRow row, Delivery delivery, Instant now) throws SQLException {
    metrics.counter("runbookd_pages_total", "pager", row.pager(), "priority", row.priority(), "result", "retry").increment();
    Duration backoff = backoff(row.attempts());
    Duration wait = delivery.retryAfter().filter(r -> r.compareTo(backoff) > 0).orElse(backoff);
    outbox.retry(row, now.plus(wait), delivery.detail());
  }

  /** 1 s, 2 s, 4 s … capped at 5 min, each scaled by a random factor in [0.5, 1.5). */
  static Duration backoff(int attempts) {
    long base = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempts, 20));
    double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base * jitter));
  }
}
