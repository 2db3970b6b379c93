package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The admin endpoints, behind {@code api.token}: the kill switch, approvals and
 * acknowledgements, each through {@link Decisions}.
 */
public final class AdminRoutes {
  private final Vertx vertx;
  private final Access access;
  private final Decisions decisions;
  private final ObjectMapper json;

  public AdminRoutes(Vertx vertx, Access access, Decisions decisions, ObjectMapper json) {
    this.vertx = vertx;
    this.access = access;
    this.decisions = decisions;
    this.json = json;
  }

  public void mount(Router router) {
    BodyHandler small = BodyHandler.create(false).setBodyLimit(4096);
    router.post("/api/v1/pause").handler(small)
        .handler(ctx -> admin(ctx, () -> decisions.pause(true, by(ctx), reason(ctx))));
    router.post("/api/v1/resume").handler(small)
        .handler(ctx -> admin(ctx, () -> decisions.pause(false, by(ctx), reason(ctx))));
    router.post("/api/v1/incidents/:id/approve").handler(small)
        .handler(ctx -> admin(ctx, () -> decisions.decide(ctx.pathParam("id"), "approved", by(ctx))));
    router.post("/api/v1/incidents/:id/deny").handler(small)
        .handler(ctx -> admin(ctx, () -> decisions.decide(ctx.pathParam("id"), "denied", by(ctx))));
    router.post("/api/v1/incidents/:id/ack").handler(small)
        .handler(ctx -> admin(ctx, () -> decisions.ack(ctx.pathParam("id"), by(ctx))));
  }

  /**
   * Mounts another admin call: behind {@code api.token}, with a body of at most {@code maxBody}
   * bytes, its work run on a worker thread.
   */
  void post(Router router, String path, int maxBody, Function<RoutingContext, Decisions.Answer> work) {
    router.post(path).handler(BodyHandler.create(false).setBodyLimit(maxBody))
        .handler(ctx -> admin(ctx, () -> work.apply(ctx)));
  }

  private void admin(RoutingContext ctx, Callable<Decisions.Answer> work) {
    if (!access.adminConfigured()) {
      Answers.json(ctx, 403, Map.of("error", "admin endpoints are disabled: set api.token"));
      return;
    }
    Optional<Access.Role> role = access.bearer(ctx);
    if (role.isEmpty()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"runbookd\"");
      Answers.json(ctx, 401, Map.of("error", "missing or invalid bearer token"));
      return;
    }
    if (role.get() != Access.Role.ADMIN) {
      Answers.json(ctx, 403, Map.of("error", "the read token cannot decide: use api.token"));
      return;
    }
    vertx.executeBlocking(work, false)
        .onSuccess(a -> Answers.json(ctx, a.status(), new LinkedHashMap<>(a.body())))
        .onFailure(e -> Answers.json(ctx, 503, Map.of("error", "the store is unavailable")));
  }

  /** Who acts: {@code {"by": "alice"}} in the body, else "api". Bounded, plain text only. */
  private String by(RoutingContext ctx) {
    return field(ctx, "by").flatMap(Who::name).orElse("api");
  }

  /** Why: {@code {"reason": "…"}} in the body, if given. */
  private Optional<String> reason(RoutingContext ctx) {
    return field(ctx, "reason").flatMap(Who::reason);
  }

  private Optional<String> field(RoutingContext ctx, String name) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(body).path(name);
      return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
