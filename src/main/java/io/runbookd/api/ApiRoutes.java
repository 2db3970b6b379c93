package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.IncidentFilter;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API, health and metrics. Reads need a read or admin token, a console session, or (with
 * neither token configured) a loopback peer; health and metrics stay open. Store reads run on
 * worker threads, never the event loop.
 */
public final class ApiRoutes {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  private final Vertx vertx;
  private final IncidentStore incidents;
  private final IncidentJson shapes;
  private final ObjectMapper json;
  private final Metrics metrics;
  private final Supplier<List<Map<String, Object>>> rules;
  private final Supplier<Map<String, Object>> status;
  private final BooleanSupplier ready;
  private final Access access;

  /**
   * @param rules the loaded runbooks, as the rules endpoint shows them
   * @param status what {@code GET /api/v1/status} shows
   * @param ready whether the store answers and rules are loaded
   * @param access who may read: every {@code GET /api/v1/…} passes its gate
   */
  public ApiRoutes(
      Vertx vertx,
      IncidentStore incidents,
      ObjectMapper json,
      Metrics metrics,
      Supplier<List<Map<String, Object>>> rules,
      Supplier<Map<String, Object>> status,
      BooleanSupplier ready,
      Access access) {
    this.vertx = vertx;
    this.incidents = incidents;
    this.shapes = new IncidentJson(json);
    this.json = json;
    this.metrics = metrics;
    this.rules = rules;
    this.status = status;
    this.ready = ready;
    this.access = access;
  }

  public void mount(Router router) {
    access.mountReadGate(router);
    router.get("/api/v1/incidents").handler(this::list);
    router.get("/api/v1/incidents/:id").handler(this::get);
    router.get("/api/v1/rules").handler(ctx -> answer(ctx, 200, rules.get()));
    router.get("/api/v1/status").handler(ctx -> blocking(ctx, status::get, 200));
    router.get("/metrics").handler(this::scrape);
    router.get("/healthz").handler(ctx -> answer(ctx, 200, Map.of("status", "ok")));
    router.get("/readyz").handler(this::readyz);
  }

  private void list(RoutingContext ctx) {
    IncidentFilter filter;
    try {
      filter = Queries.filter(ctx.queryParams());
    } catch (Queries.BadQueryException e) {
      answer(ctx, 400, error(e.getMessage(), e.field()));
      return;
    }
    IncidentFilter f = filter;
    blocking(ctx, () -> incidents.list(f).stream().map(shapes::summary).toList(), 200);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("[a-z0-9-]{1,64}")) {
      answer(ctx, 404, error("no such incident", "id"));
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              Optional<Incident> incident = incidents.get(id);
              return incident.map(i -> detail(i));
            },
            false)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    body -> answer(ctx, 200, body),
                    () -> answer(ctx, 404, error("no such incident", "id"))))
        .onFailure(e -> storeDown(ctx, e));
  }

  private Map<String, Object> detail(Incident incident) {
    return shapes.detail(incident, incidents.alerts(incident.id(), IncidentJson.MAX_ALERTS),
        incidents.timeline(incident.id()), incidents.holds(incident.id()));
  }

  private void readyz(RoutingContext ctx) {
    vertx
        .executeBlocking(ready::getAsBoolean, false)
        .onComplete(
            done -> {
              boolean ok = done.succeeded() && done.result();
              answer(ctx, ok ? 200 : 503, Map.of("status", ok ? "ready" : "not ready"));
            });
  }

  private void scrape(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  private <T> void blocking(RoutingContext ctx, Callable<T> work, int status) {
    vertx
        .executeBlocking(work, false)
        .onSuccess(body -> answer(ctx, status, body))
        .onFailure(e -> storeDown(ctx, e));
  }

  private void storeDown(RoutingContext ctx, Throwable e) {
    log.warn("store read failed: {}", e.toString());
    ctx.response().putHeader("Retry-After", "5");
    answer(ctx, 503, error("the store is unavailable", "$"));
  }

  static Map<String, Object> error(String message, String field) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", message);
    out.put("field", field);
    return out;
  }

  private void answer(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  static Optional<IncidentStatus> statusOf(String text) {
    return IncidentStatus.parse(text);
  }
}
