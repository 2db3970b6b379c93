package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.Secret;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.store.EngineStore;
import io.runbookd.store.GuardStore;
import io.runbookd.store.TimelineLine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The admin endpoints, behind {@code api.token}: the kill switch, approvals and
 * acknowledgements. Each decision is recorded (who, when) before it is answered.
 */
public final class AdminRoutes {
  private final Vertx vertx;
  private final Optional<Secret> token;
  private final KillSwitchGuard killSwitch;
  private final GuardStore guards;
  private final EngineStore engine;
  private final Runnable wake;
  private final ObjectMapper json;
  private final Clock clock;

  public AdminRoutes(Vertx vertx, Optional<Secret> token, KillSwitchGuard killSwitch,
      GuardStore guards, EngineStore engine, Runnable wake, ObjectMapper json, Clock clock) {
    this.vertx = vertx;
    this.token = token;
    this.killSwitch = killSwitch;
    this.guards = guards;
    this.engine = engine;
    this.wake = wake;
    this.json = json;
    this.clock = clock;
  }

  public void mount(Router router) {
    BodyHandler small = BodyHandler.create(false).setBodyLimit(4096);
    router.post("/api/v1/pause").handler(small).handler(ctx -> admin(ctx, () -> pause(ctx, true)));
    router.post("/api/v1/resume").handler(small).handler(ctx -> admin(ctx, () -> pause(ctx, false)));
    router.post("/api/v1/incidents/:id/approve").handler(small)
        .handler(ctx -> admin(ctx, () -> decide(ctx, "approved")));
    router.post("/api/v1/incidents/:id/deny").handler(small)
        .handler(ctx -> admin(ctx, () -> decide(ctx, "denied")));
    router.post("/api/v1/incidents/:id/ack").handler(small).handler(ctx -> admin(ctx, () -> ack(ctx)));
  }

  private void admin(RoutingContext ctx, Callable<Answer> work) {
    if (token.isEmpty()) {
      answer(ctx, new Answer(403, Map.of("error", "admin endpoints are disabled: set api.token")));
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    boolean ok = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && token.get().matches(header.substring(7).trim());
    if (!ok) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"runbookd\"");
      answer(ctx, new Answer(401, Map.of("error", "missing or invalid bearer token")));
      return;
    }
    vertx.executeBlocking(work, false)
        .onSuccess(a -> answer(ctx, a))
        .onFailure(e -> answer(ctx, new Answer(503, Map.of("error", "the store is unavailable"))));
  }

  private Answer pause(RoutingContext ctx, boolean paused) throws java.sql.SQLException {
    String by = by(ctx);
    killSwitch.pausedHere(paused);
    guards.setPaused(paused, by, clock.instant());
    return new Answer(200, Map.of("paused", paused, "by", by));
  }

  private Answer decide(RoutingContext ctx, String decision) throws Exception {
    String id = ctx.pathParam("id");
    String by = by(ctx);
    Set<String> steps = guards.decide(id, decision, by, clock.instant());
    if (steps.isEmpty()) {
      return new Answer(404, Map.of("error", "no action of incident " + Safe.id(id) + " waits for approval"));
    }
    engine.timeline(id, TimelineLine.of("approval_" + decision,
        String.join(", ", steps) + " " + decision + " by " + by), clock.instant());
    engine.reschedule(id, clock.instant());
    wake.run();
    return new Answer(200, Map.of("incident", id, "steps", steps, "decision", decision, "by", by));
  }

  private Answer ack(RoutingContext ctx) throws Exception {
    String id = ctx.pathParam("id");
    String by = by(ctx);
    if (!engine.acknowledge(id, by, clock.instant())) {
      return new Answer(404, Map.of("error", "no unacknowledged incident " + Safe.id(id)));
    }
    return new Answer(200, Map.of("incident", id, "acknowledged", true, "by", by));
  }

  /** Who acts: {@code {"by": "alice"}} in the body, else "api". Bounded, plain text only. */
  private String by(RoutingContext ctx) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    if (body == null || body.isBlank()) {
      return "api";
    }
    try {
      JsonNode node = json.readTree(body);
      String by = node.path("by").asText("api");
      return by.matches("[A-Za-z0-9@._ -]{1,128}") ? by : "api";
    } catch (JsonProcessingException e) {
      return "api";
    }
  }

  private record Answer(int status, Map<String, Object> body) {}

  private void answer(RoutingContext ctx, Answer a) {
    try {
      ctx.response().setStatusCode(a.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(new LinkedHashMap<>(a.body()))));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }

  /** Ids quoted back in answers: only the characters ids have. */
  private static final class Safe {
    static String id(String id) {
      return id == null ? "" : id.replaceAll("[^a-z0-9-]", "?");
    }
  }
}
