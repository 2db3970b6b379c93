package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The admin endpoints, behind {@code api.token}: the kill switch, approvals and
 * acknowledgements. Each decision is recorded (who, when) before it is answered.
 */
public final class AdminRoutes {
  private final Vertx vertx;
  private final Optional<Secret> token;
  private final Store store;
  private final GuardStore guards;
  private final IncidentStore incidents;
  private final Escalations escalations;
  private final Runnable wake;
  private final ObjectMapper json;

  public AdminRoutes(Vertx vertx, Optional<Secret> token, Store store, Escalations escalations, Runnable wake,
      ObjectMapper json) {
    this.vertx = vertx;
    this.token = token;
    this.store = store;
    this.guards = new GuardStore(store);
    this.incidents = new IncidentStore(store, json);
    this.escalations = escalations;
    this.wake = wake;
    this.json = json;
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

  /**
   * Mounts another admin call: behind {@code api.token}, with a body of at most {@code maxBody}
   * bytes, its work run on a worker thread.
   */
  void post(Router router, String path, int maxBody, Function<RoutingContext, Answer> work) {
    router.post(path).handler(BodyHandler.create(false).setBodyLimit(maxBody))
        .handler(ctx -> admin(ctx, () -> work.apply(ctx)));
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

  private Answer pause(RoutingContext ctx, boolean paused) {
    String by = by(ctx);
    guards.setPaused(paused, by);
    return new Answer(200, Map.of("paused", paused, "by", by));
  }

  /**
   * One conditional update decides: of two concurrent decisions one wins and the other gets
   * {@code 409} with the decision that stands; so does a decision on an incident that waits for
   * nothing (resolved, timed out, escalated).
   */
  private Answer decide(RoutingContext ctx, String decision) {
    String id = ctx.pathParam("id");
    String by = by(ctx);
    Optional<Incident> incident = incidents.get(id);
    if (incident.isEmpty()) {
      return new Answer(404, Map.of("error", "no such incident " + Safe.id(id)));
    }
    Set<String> steps = store.write(tx -> {
      Set<String> decided = GuardStore.decide(tx, id, decision, by);
      if (!decided.isEmpty()) {
        Timeline.append(tx, id, TimelineLine.of("approval_" + decision,
            String.join(", ", decided) + " " + decision + " by " + by));
        incidents.reschedule(tx, id, tx.now());
      }
      return decided;
    });
    if (steps.isEmpty()) {
      return new Answer(409, conflict(incident.get()));
    }
    wake.run();
    return new Answer(200, Map.of("incident", id, "steps", steps, "decision", decision, "by", by));
  }

  private Map<String, Object> conflict(Incident incident) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<GuardStore.Approval> approvals = guards.approvals(incident.id());
    Optional<GuardStore.Approval> decided = approvals.stream().filter(a -> a.decision().isPresent())
        .reduce((a, b) -> b);
    if (decided.isPresent()) {
      out.put("error", "already decided: " + decided.get().stepId() + " " + decided.get().decision().get()
          + " by " + decided.get().by().orElse("?"));
      out.put("decision", decided.get().decision().get());
      out.put("by", decided.get().by().orElse(null));
    } else if (incident.status() != IncidentStatus.AWAITING_APPROVAL) {
      out.put("error", "nothing waits for approval: the incident is " + incident.status().wire());
    } else {
      out.put("error", "the approval window has closed; the incident escalates");
    }
    out.put("status", incident.status().wire());
    return out;
  }

  private Answer ack(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String by = by(ctx);
    boolean acked = store.write(tx -> {
      if (!incidents.acknowledge(tx, id, by)) {
        return false;
      }
      Timeline.append(tx, id, TimelineLine.of("acknowledged", "acknowledged by " + by));
      escalations.acknowledged(tx, id);
      return true;
    });
    if (!acked) {
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

  /** What an admin call answers: its status and JSON body. */
  record Answer(int status, Map<String, Object> body) {}

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
