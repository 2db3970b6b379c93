package io.runbookd.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.OutboxRow;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.StoreException;
import io.runbookd.store.TimelineLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, one lane (thread) per pager, so a pager that hangs or fails never delays
 * another's pages. In a lane each due event is leased, sent, and recorded as delivered,
 * rejected, or due again after a jittered exponential backoff (or the pager's {@code
 * Retry-After}, if longer); events to one pager are spaced by its rate limit. Pending events
 * survive restarts because they live in the store.
 */
public final class PageDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PageDelivery.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final long POLL_MILLIS = 250;

  private final OutboxStore outbox;
  private final Pagers pagers;
  private final PageJson pages;
  private final Metrics metrics;
  private final Clock clock;
  private final Map<String, Duration> spacing;
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
  private final List<ScheduledExecutorService> lanes = new ArrayList<>();

  /** @param spacing the least time between two events to one pager (its rate limit) */
  public PageDelivery(OutboxStore outbox, Pagers pagers, Map<String, Duration> spacing, Metrics metrics,
      ObjectMapper json, Clock clock) {
    this.outbox = outbox;
    this.pagers = pagers;
    this.spacing = Map.copyOf(spacing);
    this.pages = new PageJson(json);
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Starts one lane per configured pager. */
  public PageDelivery start() {
    for (Pager pager : pagers.all()) {
      ScheduledExecutorService lane = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runbookd-pages-" + pager.name());
        t.setDaemon(true);
        return t;
      });
      lane.scheduleWithFixedDelay(() -> deliverQuietly(pager.name()), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
      lanes.add(lane);
    }
    return this;
  }

  private void deliverQuietly(String pager) {
    try {
      deliverDue(pager);
    } catch (StoreException | IllegalStateException e) {
      log.warn("page delivery to {} failed, will retry: {}", pager, e.toString());
    }
  }

  /** Every lane once, on the calling thread (tests drive it with an injected clock). */
  public int deliverDue() {
    int attempts = 0;
    for (Pager pager : pagers.all()) {
      attempts += deliverDue(pager.name());
    }
    return attempts;
  }

  /** Sends the pager's due events; returns how many attempts were made. */
  public int deliverDue(String pager) {
    int attempts = 0;
    for (OutboxRow row : outbox.due(pager, clock.instant(), 50)) {
      Instant now = clock.instant();
      if (!outbox.claim(row.id(), now.plus(LEASE))) {
        continue;
      }
      Optional<Instant> held = heldBack(row.pager(), now);
      if (held.isPresent()) {
        outbox.postpone(row, held.get());
        break;
      }
      if (!attempt(row, now)) {
        break;
      }
      attempts++;
    }
    return attempts;
  }

  private Optional<Instant> heldBack(String pager, Instant now) {
    Instant last = lastSent.get(pager);
    Duration gap = spacing.getOrDefault(pager, Duration.ZERO);
    return last != null && now.isBefore(last.plus(gap)) ? Optional.of(last.plus(gap)) : Optional.empty();
  }

  /** One attempt; false when the event is due again later (the lane moves to its next pass). */
  private boolean attempt(OutboxRow row, Instant now) {
    Optional<Pager> pager = pagers.find(row.pager());
    if (pager.isEmpty()) {
      finish(row, "rejected", pagers.unknown(row.pager()));
      return true;
    }
    Page.Event event = Page.Event.valueOf(row.event().toUpperCase(Locale.ROOT));
    Delivery delivery;
    try {
      delivery = pager.get().send(pages.read(row.body(), event));
    } catch (Exception e) {
      delivery = Delivery.retry(Optional.empty(), "send failed: " + e.getClass().getSimpleName());
    }
    lastSent.put(row.pager(), now);
    switch (delivery.status()) {
      case DELIVERED -> finish(row, "delivered", delivery.detail());
      case REJECTED -> finish(row, "rejected", delivery.detail());
      default -> {
        retry(row, delivery, now);
        return false;
      }
    }
    return true;
  }

  private void finish(OutboxRow row, String status, String detail) {
    metrics.page(row.pager(), row.priority(), status);
    String what = row.event() + " page to " + row.pager() + " (" + row.priority() + ")";
    TimelineLine line = status.equals("delivered")
        ? TimelineLine.of("paged", what + " delivered: " + detail)
        : TimelineLine.of("page_rejected", what + " rejected: " + detail);
    if (!status.equals("delivered")) {
      log.warn("incident {}: {} rejected: {}", row.incidentId(), what, detail);
    }
    outbox.finish(row, status, detail, line);
  }

  private void retry(OutboxRow row, Delivery delivery, Instant now) {
    metrics.page(row.pager(), row.priority(), "retry");
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

  @Override
  public void close() {
    lanes.forEach(ScheduledExecutorService::shutdownNow);
  }
}
