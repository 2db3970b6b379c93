package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.store.ReportStore;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stored reports: {@code GET /api/v1/reports} lists them (newest first; {@code ?runbook=}, {@code
 * ?limit=} up to 1,000, default 100) and {@code GET /api/v1/reports/{id}} serves one page. A page is
 * served under a policy that allows no script and no external load, so a report is what it shows.
 */
public final class ReportRoutes {
  static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  private static final int DEFAULT_LIMIT = 100;

  private final Vertx vertx;
  private final ReportStore reports;
  private final ObjectMapper json;

  public ReportRoutes(Vertx vertx, ReportStore reports, ObjectMapper json) {
    this.vertx = vertx;
    this.reports = reports;
    this.json = json;
  }

  /** @param read the read endpoints' access check: calls {@code next()} when the caller may read */
  public void mount(Router router, Handler<RoutingContext> read) {
    router.get("/api/v1/reports").handler(read).handler(this::list);
    router.get("/api/v1/reports/:id").handler(read).handler(this::page);
  }

  private void list(RoutingContext ctx) {
    String runbook = ctx.queryParams().get("runbook");
    int limit = limit(ctx.queryParams().get("limit"));
    if (runbook != null && !runbook.matches("[A-Za-z0-9._-]{1,64}")) {
      json(ctx, 400, ApiRoutes.error("not a runbook id", "runbook"));
      return;
    }
    if (limit < 0) {
      json(ctx, 400, ApiRoutes.error("must be a whole number from 1 to " + ReportStore.MAX_LIST, "limit"));
      return;
    }
    vertx.executeBlocking(() -> reports.list(Optional.ofNullable(runbook), limit).stream().map(ReportRoutes::summary)
        .toList(), false).onSuccess(body -> json(ctx, 200, body)).onFailure(e -> unavailable(ctx));
  }

  /** The limit asked for, or -1 when it is not a whole number from 1 to {@link ReportStore#MAX_LIST}. */
  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    if (!text.matches("[0-9]{1,4}")) {
      return -1;
    }
    int limit = Integer.parseInt(text);
    return limit >= 1 && limit <= ReportStore.MAX_LIST ? limit : -1;
  }

  private static Map<String, Object> summary(ReportStore.Summary r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("runbook", r.runbook());
    out.put("incident", r.incident());
    out.put("created", r.created().toString());
    out.put("title", r.title());
    return out;
  }

  private void page(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("rep-[0-9a-f]{1,64}")) {
      json(ctx, 404, ApiRoutes.error("no such report", "id"));
      return;
    }
    vertx.executeBlocking(() -> reports.html(id), false).onSuccess(html -> html.ifPresentOrElse(
        page -> ctx.response().setStatusCode(200)
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
            .putHeader("Content-Security-Policy", POLICY)
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "no-referrer")
            .end(page),
        () -> json(ctx, 404, ApiRoutes.error("no such report", "id")))).onFailure(e -> unavailable(ctx));
  }

  private void unavailable(RoutingContext ctx) {
    ctx.response().putHeader("Retry-After", "5");
    json(ctx, 503, ApiRoutes.error("the store is unavailable", "$"));
  }

  private void json(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }
}
