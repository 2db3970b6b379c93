package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.plugin.PluginInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * POSTs the page as JSON to any endpoint, with configured headers (e.g. a bearer token) whose
 * values are secrets. The body, version "1", is the page and nothing else:
 *
 * <pre>{@code
 * {"version": "1", "event": "trigger|acknowledge|resolve", "incident": "...",
 *  "dedupKey": "...", "priority": "P0..P3", "title": "...", "reason": "...",
 *  "findings": ["..."], "actions": ["..."], "link": "https://..." | null,
 *  "target": "...", "related": ["..."], "sentAt": "2024-05-01T12:00:00Z"}
 * }</pre>
 *
 * <p>Any 2xx is delivered; 408, 429 and 5xx are retried (honouring {@code Retry-After}); any other
 * answer, redirects included, is rejected. Plain http is allowed, for receivers inside the cluster;
 * the headers then travel in clear, so use https wherever they matter.
 */
public final class WebhookPager implements Pager {
  private static final PluginInfo INFO =
      new PluginInfo(
          "webhook",
          "POSTs the page as JSON (version \"1\": event, incident, dedupKey, priority, title,"
              + " reason, findings, actions, link, target, related, sentAt) to a configured URL,"
              + " with configured secret headers.",
          """
          # a rule (the URL and the headers are set where the pager is built)
          escalate:
            priority: P2
            pagers: [webhook]""",
          List.of(),
          List.of("whatever the receiving endpoint requires, sent as the configured headers"));

  private final URI url;
  private final Map<String, Secret> headers;
  private final HttpPost post;
  private final String where;

  public WebhookPager(URI url, Map<String, Secret> headers, HttpClient http, Duration timeout) {
    this(url, headers, new HttpPost(http, timeout, Clock.systemUTC()));
  }

  WebhookPager(URI url, Map<String, Secret> headers, HttpPost post) {
    this.url = Endpoint.requireHttp(url, "the webhook pager's url");
    this.headers = new TreeMap<>(headers);
    this.post = post;
    this.where = "webhook (" + url.getHost() + ")";
    this.headers.keySet().forEach(WebhookPager::checkHeaderName);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public Delivery send(Page page) {
    Map<String, String> revealed = new TreeMap<>();
    List<String> secrets = new ArrayList<>();
    headers.forEach(
        (name, value) -> {
          revealed.put(name, value.reveal());
          secrets.addAll(secretParts(value.reveal()));
        });
    String json = Json.write(body(page, post.clock()));
    return post.send(new HttpPost.Call(where, url, revealed, json, secrets), this::read);
  }

  /**
   * A header value, and for the {@code <scheme> <credentials>} form of Authorization headers the
   * credentials alone: an echo may quote just those.
   */
  private static List<String> secretParts(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? List.of(value) : List.of(value, value.substring(space + 1).strip());
  }

  static ObjectNode body(Page page, Clock clock) {
    ObjectNode body =
        Json.object()
            .put("version", "1")
            .put("event", page.event().name().toLowerCase(Locale.ROOT))
            .put("incident", page.incidentId())
            .put("dedupKey", page.dedupKey())
            .put("priority", page.priority().name())
            .put("title", page.title())
            .put("reason", page.reason());
    body.set("findings", Json.strings(page.findings()));
    body.set("actions", Json.strings(page.actions()));
    body.put("link", page.link().map(URI::toString).orElse(null));
    body.put("target", page.target());
    body.set("related", Json.strings(page.related()));
    body.put("sentAt", clock.instant().toString());
    return body;
  }

  private Delivery read(Answer answer) {
    if (answer.success()) {
      return Delivery.delivered(where + " accepted the page (" + answer.status() + ")");
    }
    return answer.failure(where, Truncate.clip(answer.body().strip(), 200));
  }

  /**
   * Fails at construction, not at the first page: HttpClient refuses some names (Host,
   * Content-Length, ...), and Content-Type is ours.
   */
  private static void checkHeaderName(String name) {
    if (name.equalsIgnoreCase("Content-Type")) {
      throw new IllegalArgumentException("header Content-Type is set by runbookd");
    }
    try {
      HttpRequest.newBuilder().header(name, "x");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "header name '" + name + "' cannot be sent: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "WebhookPager[" + url.getHost() + "]";
  }
}
