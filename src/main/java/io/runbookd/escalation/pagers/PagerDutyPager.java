package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.incident.Priority;
import io.runbookd.plugin.PluginInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Triggers, acknowledges and resolves a PagerDuty incident through the Events API v2. The page's
 * dedup key (a hash, no label text) ties the three together. A {@code 202} only means PagerDuty
 * queued the event; PagerDuty then runs its own escalation.
 */
public final class PagerDutyPager implements Pager {
  static final int MAX_DEDUP_KEY = 255;
  static final int MAX_SUMMARY = 1024;
  static final int MAX_LINES = 50;
  static final int MAX_LINE = 1000;

  private static final PluginInfo INFO =
      new PluginInfo(
          "pagerduty",
          "Pages through the PagerDuty Events API v2: trigger, acknowledge and resolve with one"
              + " dedup key per incident; severity P0 critical, P1 error, P2 warning, P3 info.",
          """
          # runbookd.yaml (pagers.pagerduty.url defaults to the public enqueue URL)
          pagers:
            pagerduty:
              routingKeyFile: /run/secrets/pagerduty-routing-key
          # a rule
          escalate:
            priority: P1
            pagers: [pagerduty]""",
          List.of(),
          List.of("PagerDuty Events API v2 integration key (routing key) of the service to page"));

  private final URI enqueueUrl;
  private final KeyedPost post;

  public PagerDutyPager(URI enqueueUrl, Secret routingKey, HttpClient http, Duration timeout) {
    this(enqueueUrl, routingKey, new HttpPost(http, timeout, Clock.systemUTC()));
  }

  PagerDutyPager(URI enqueueUrl, Secret routingKey, HttpPost post) {
    this.enqueueUrl = Endpoint.requireSecure(enqueueUrl, "pagers.pagerduty.url");
    this.post =
        new KeyedPost(
            "PagerDuty (" + enqueueUrl.getHost() + ")",
            routingKey,
            "pagers.pagerduty.routingKey",
            post,
            MAX_DEDUP_KEY);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public boolean escalatesItself() {
    return true;
  }

  @Override
  public Delivery send(Page page) {
    return post.send(
        page,
        key -> new KeyedPost.Request(enqueueUrl, Map.of(), Json.write(event(page, key))),
        answer -> read(page, answer));
  }

  /** PagerDuty has four severities and we have four priorities: one each, in order. */
  static String severity(Priority priority) {
    return switch (priority) {
      case P0 -> "critical";
      case P1 -> "error";
      case P2 -> "warning";
      case P3 -> "info";
    };
  }

  static ObjectNode event(Page page, String routingKey) {
    ObjectNode event =
        Json.object()
            .put("routing_key", routingKey)
            .put("event_action", page.event().name().toLowerCase(Locale.ROOT))
            .put("dedup_key", page.dedupKey());
    if (page.event() != Page.Event.TRIGGER) {
      return event; // acknowledge and resolve need nothing but the key
    }
    event.set("payload", payload(page));
    event.put("client", "runbookd");
    page.link()
        .ifPresent(
            link -> {
              event.put("client_url", link.toString());
              event
                  .putArray("links")
                  .addObject()
                  .put("href", link.toString())
                  .put("text", "runbookd incident " + page.incidentId());
            });
    return event;
  }

  /** What the responder reads: the summary on the incident, the rest under custom details. */
  private static ObjectNode payload(Page page) {
    ObjectNode details =
        Json.object()
            .put("incident", page.incidentId())
            .put("priority", page.priority().name())
            .put("reason", page.reason());
    details.set("findings", Json.strings(Truncate.lines(page.findings(), MAX_LINES, MAX_LINE)));
    details.set("actions", Json.strings(Truncate.lines(page.actions(), MAX_LINES, MAX_LINE)));
    details.set("related", Json.strings(Truncate.lines(page.related(), MAX_LINES, MAX_LINE)));
    if (!page.target().isBlank()) {
      details.put("target", page.target());
    }
    ObjectNode payload =
        Json.object()
            .put("summary", Truncate.clip(page.title() + ": " + page.reason(), MAX_SUMMARY))
            .put("source", "runbookd")
            .put("severity", severity(page.priority()));
    payload.set("custom_details", details);
    return payload;
  }

  private Delivery read(Page page, Answer answer) {
    String action = page.event().name().toLowerCase(Locale.ROOT);
    if (answer.success()) {
      String key = Json.text(answer.body(), "dedup_key").orElse(page.dedupKey());
      return Delivery.delivered(
          String.format(
              "%s queued %s (%d), dedup_key %s",
              post.where(), action, answer.status(), Truncate.clip(key, MAX_DEDUP_KEY)));
    }
    return answer.failure(post.where(), message(answer.body()));
  }

  /** PagerDuty's error: {@code {"status":..., "message":..., "errors":[...]}}, clipped. */
  private static String message(String body) {
    String message = Json.text(body, "message").orElse(body.strip());
    List<String> errors = Json.texts(body, "errors");
    String text = errors.isEmpty() ? message : message + " (" + String.join("; ", errors) + ")";
    return Truncate.clip(text, 300);
  }

  @Override
  public String toString() {
    return "PagerDutyPager[" + enqueueUrl.getHost() + "]";
  }
}
