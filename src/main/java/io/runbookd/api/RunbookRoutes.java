package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.runs.Catalogue;
import io.runbookd.runs.Drills;
import io.runbookd.runs.ManualRuns;
import io.runbookd.runs.Started;
import io.runbookd.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runbooks as things people start and rehearse: {@code GET /api/v1/runbooks} (read), {@code POST
 * /api/v1/runbooks/{id}/runs} and {@code .../drills} (admin, through {@link AdminRoutes}).
 */
public final class RunbookRoutes {
  private static final Logger log = LoggerFactory.getLogger(RunbookRoutes.class);
  private static final String ID = "[A-Za-z0-9._-]{1,64}";

  private final Vertx vertx;
  private final ManualRuns runs;
  private final Drills drills;
  private final Catalogue catalogue;
  private final RunBody bodies;
  private final ObjectMapper json;

  public RunbookRoutes(Vertx vertx, ManualRuns runs, Drills drills, Catalogue catalogue, ObjectMapper json) {
    this.vertx = vertx;
    this.runs = runs;
    this.drills = drills;
    this.catalogue = catalogue;
    this.bodies = new RunBody(json);
    this.json = json;
  }

  /** @param read the read endpoints' access check: calls {@code next()} when the caller may read */
  public void mount(Router router, AdminRoutes admin, Handler<RoutingContext> read) {
    router.get("/api/v1/runbooks").handler(read).handler(this::list);
    admin.post(router, "/api/v1/runbooks/:id/runs", RunBody.MAX_BYTES, ctx -> start(ctx, true));
    admin.post(router, "/api/v1/runbooks/:id/drills", RunBody.MAX_BYTES, ctx -> start(ctx, false));
  }

  private void list(RoutingContext ctx) {
    vertx.executeBlocking(() -> {
      settleQuietly();
      return catalogue.entries().stream().map(RunbookJson::entry).toList();
    }, false).onSuccess(body -> answer(ctx, 200, body)).onFailure(e -> {
      log.warn("store read failed: {}", e.toString());
      ctx.response().putHeader("Retry-After", "5");
      answer(ctx, 503, ApiRoutes.error("the store is unavailable", "$"));
    });
  }

  /** Results of drills that just came to rest are written before they are listed, when the store takes writes. */
  private void settleQuietly() {
    try {
      drills.settle();
    } catch (StoreException e) {
      log.debug("drill results not written now: {}", e.toString());
    }
  }

  private Decisions.Answer start(RoutingContext ctx, boolean manual) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches(ID)) {
      return new Decisions.Answer(404, ApiRoutes.error("no such runbook", "id"));
    }
    RunBody.Parsed body;
    try {
      body = bodies.parse(ctx.body() == null ? null : ctx.body().asString(), manual);
    } catch (RunBody.BadBodyException e) {
      return new Decisions.Answer(400, ApiRoutes.error(e.getMessage(), e.field()));
    }
    Function<RunBody.Parsed, Started> starter = manual
        ? p -> runs.start(id, p.by(), p.params()) : p -> drills.start(id, p.by());
    return answer(starter.apply(body));
  }

  private static Decisions.Answer answer(Started started) {
    if (started instanceof Started.Opened o) {
      return new Decisions.Answer(202, Map.of("incident", o.incident()));
    }
    if (started instanceof Started.Refused r) {
      Map<String, Object> out = new LinkedHashMap<>(ApiRoutes.error(r.error(), r.field()));
      out.put("problems", r.problems());
      return new Decisions.Answer(400, out);
    }
    return new Decisions.Answer(404, ApiRoutes.error("no such runbook " + ((Started.Unknown) started).runbook(),
        "id"));
  }

  private void answer(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }
}
