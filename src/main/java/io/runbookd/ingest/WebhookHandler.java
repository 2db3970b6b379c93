package io.runbookd.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.Priority;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.Intake;
import io.runbookd.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook/alertmanager}. Order matters: the token is checked before a byte of
 * the body is read, the size limit while it is read, and the answer is sent only after the
 * store committed the alerts. Alertmanager retries 5xx and never 4xx, so 400 is kept for what
 * can never become valid and 503 for everything that may succeed later.
 */
public final class WebhookHandler {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  /** Bodies above this are parsed on a worker thread instead of the event loop. */
  private static final int INLINE_PARSE_LIMIT = 256 * 1024;

  private final Vertx vertx;
  private final RunbookdConfig.Webhook config;
  private final PayloadParser parser;
  private final AlertMatcher matcher;
  private final Intake intake;
  private final Runnable onNewIncidents;
  private final java.util.Map<String, Priority> severities;
  private final ObjectMapper json;
  private final Metrics.Intake metrics;

  public WebhookHandler(
      Vertx vertx,
      RunbookdConfig.Webhook config,
      AlertMatcher matcher,
      Intake intake,
      Runnable onNewIncidents,
      java.util.Map<String, Priority> severities,
      ObjectMapper json,
      Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.parser = new PayloadParser(config.maxBodyBytes());
    this.matcher = matcher;
    this.intake = intake;
    this.onNewIncidents = onNewIncidents;
    this.severities = java.util.Map.copyOf(severities);
    this.json = json;
    this.metrics = metrics.intake();
  }

  public void mount(io.vertx.ext.web.Router router) {
    router.post("/webhook/alertmanager").handler(this::handle);
  }

  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"runbookd\"");
      refuse(ctx, 401, "$", "missing or invalid bearer token");
      return;
    }
    if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      refuse(ctx, 415, "Content-Type", "the body must be application/json");
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && tooLong(length)) {
      refuse(ctx, 413, "$", "body larger than webhook.maxBodyBytes (" + config.maxBodyBytes() + ")");
      return;
    }
    BoundedBody.read(request, config.maxBodyBytes())
        .onSuccess(body -> parse(ctx, body))
        .onFailure(
            e -> {
              if (e instanceof BoundedBody.TooLargeException) {
                refuse(ctx, 413, "$", "body larger than webhook.maxBodyBytes (" + config.maxBodyBytes() + ")");
              } else {
                ctx.response().reset();
              }
            });
  }

  private boolean authorized(String header) {
    if (config.insecure() && config.token().isEmpty()) {
      return true;
    }
    if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return config.token().map(t -> t.matches(header.substring(7).trim())).orElse(false);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > config.maxBodyBytes();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void parse(RoutingContext ctx, Buffer body) {
    if (body.length() <= INLINE_PARSE_LIMIT) {
      accept(ctx, parseOrFail(body.getBytes()));
      return;
    }
    vertx
        .executeBlocking(() -> parseOrFail(body.getBytes()), false)
        .onComplete(done -> accept(ctx, done.result()));
  }

  private Object parseOrFail(byte[] bytes) {
    try {
      return parser.parse(bytes);
    } catch (PayloadException e) {
      return e;
    }
  }

  private void accept(RoutingContext ctx, Object parsed) {
    if (parsed instanceof PayloadException e) {
      metrics.invalidBody();
      log.warn("webhook body rejected: {}: {}", e.field(), Fields.clip(e.getMessage()));
      refuse(ctx, 400, e.field(), e.getMessage());
      return;
    }
    Notification notification = (Notification) parsed;
    received(notification);
    List<AlertDraft> drafts = new ArrayList<>(notification.alerts().size());
    for (Alert alert : notification.alerts()) {
      drafts.add(draft(notification.group(), alert));
    }
    store(ctx, notification, drafts);
  }

  /**
   * The alert with its runbook and its group: the rule's grouping labels, or, when no rule
   * covers it, the notification's Alertmanager group and the alert's name.
   */
  private AlertDraft draft(Notification.Group group, Alert alert) {
    AlertMatcher.Result match = matcher.match(alert);
    GroupKey key = match.ruleId().isPresent()
        ? GroupKey.ofRule(match.ruleId().get(), match.groupBy(), alert.labels())
        : GroupKey.unmatched(group.key(), alert.alertname(), group.labels());
    return new AlertDraft(alert, key, match.ruleId(), match.ruleVersion(), match.reason(),
        Priority.of(match.priority(), alert, severities));
  }

  private void store(RoutingContext ctx, Notification notification, List<AlertDraft> drafts) {
    long timer =
        vertx.setTimer(
            config.commitTimeoutSeconds() * 1000L,
            t -> unavailable(ctx, "the store did not commit in time"));
    Future.fromCompletionStage(intake.submit(drafts), vertx.getOrCreateContext())
        .onComplete(
            done -> {
              vertx.cancelTimer(timer);
              if (done.succeeded()) {
                stored(done.result());
                answer(ctx, 200, accepted(notification, done.result()));
              } else {
                unavailable(ctx, done.cause() instanceof StoreException.Overloaded
                    ? "the store's write queue is full" : "the store cannot commit");
              }
            });
  }

  private void stored(List<Intake.Result> results) {
    int opened = 0;
    int joined = 0;
    int duplicates = 0;
    boolean wake = false;
    for (Intake.Result r : results) {
      switch (r.kind()) {
        case OPENED -> opened++;
        case JOINED -> joined++;
        case DUPLICATE -> duplicates++;
        case RESOLVED -> wake = true;
      }
    }
    metrics.stored(opened, joined, duplicates);
    if (opened > 0 || wake) {
      onNewIncidents.run();
    }
  }

  private Map<String, Object> accepted(Notification notification, List<Intake.Result> results) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", results.size());
    out.put("incidents", results.stream().map(Intake.Result::incidentId).toList());
    if (!notification.rejected().isEmpty()) {
      out.put("rejected", notification.rejected());
    }
    return out;
  }

  private void unavailable(RoutingContext ctx, String why) {
    if (ctx.response().ended()) {
      return;
    }
    metrics.unavailable();
    ctx.response().putHeader("Retry-After", "5");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "temporarily unavailable: " + why);
    answer(ctx, 503, body);
  }

  private void refuse(RoutingContext ctx, int status, String field, String error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("field", field);
    if (status == 401 || status == 413) {
      // The rest of the body was never read; the connection cannot carry another request.
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    answer(ctx, status, body);
  }

  private void answer(RoutingContext ctx, int status, Map<String, Object> body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  private void received(Notification n) {
    metrics.received(n.alerts().size() + n.rejected().size());
    if (!n.rejected().isEmpty()) {
      metrics.rejected(n.rejected().size());
      for (Rejection r : n.rejected()) {
        log.warn("alert rejected: {}: {}", r.field(), Fields.clip(r.error()));
      }
    }
    if (n.truncatedAlerts() > 0) {
      metrics.truncated(n.truncatedAlerts());
      log.warn("Alertmanager truncated {} alerts of group {} (receiver max_alerts)",
          n.truncatedAlerts(), Fields.clip(n.groupKey()));
    }
  }
}
