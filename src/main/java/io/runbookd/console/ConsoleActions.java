package io.runbookd.console;

import io.runbookd.api.Decisions;
import io.runbookd.api.Who;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * The console's changes, each through {@link Decisions} (the API's own atomic decisions), each
 * recorded with the signed-in name. Reached only through {@link Console}'s session, CSRF and
 * origin checks.
 */
final class ConsoleActions {
  private static final Map<String, String> DECISIONS = Map.of("approve", "approved", "deny", "denied");

  private final Vertx vertx;
  private final Decisions decisions;
  private final Layout layout;

  ConsoleActions(Vertx vertx, Decisions decisions, Layout layout) {
    this.vertx = vertx;
    this.decisions = decisions;
    this.layout = layout;
  }

  void decide(RoutingContext ctx, Viewer viewer) {
    String id = ctx.pathParam("id");
    String decision = ctx.pathParam("decision");
    if (id == null || !id.matches("[a-z0-9-]{1,64}")
        || (!DECISIONS.containsKey(decision) && !"ack".equals(decision))) {
      Pages.html(ctx, 404, layout.bare("Not found", Forms.refused("Not found", "No such decision.", "/")));
      return;
    }
    String by = viewer.session().orElseThrow().by();
    String back = "/console/incidents/" + id;
    run(ctx, () -> decision.equals("ack") ? decisions.ack(id, by) : decisions.decide(id, DECISIONS.get(decision), by),
        answer -> Pages.redirect(ctx, back + "?done=" + (decision.equals("ack") ? "acknowledged"
            : DECISIONS.get(decision))),
        Forms.title(decision) + " refused", back);
  }

  void pause(RoutingContext ctx, Viewer viewer, boolean pause) {
    Optional<String> reason = Who.reason(ctx.request().getFormAttribute("reason"));
    if (pause && reason.isEmpty()) {
      Pages.html(ctx, 400, layout.bare("Pause", Forms.killSwitch(true, viewer,
          Optional.of("Say why: the reason is shown to everyone on every page while paused."))));
      return;
    }
    String by = viewer.session().orElseThrow().by();
    run(ctx, () -> decisions.pause(pause, by, reason), answer -> Pages.redirect(ctx, "/"),
        pause ? "Pause refused" : "Resume refused", "/");
  }

  /** Decides on a worker thread; a refusal (404, 409) is shown with its reason, nothing else changed. */
  private void run(RoutingContext ctx, java.util.concurrent.Callable<Decisions.Answer> work,
      java.util.function.Consumer<Decisions.Answer> done, String refusal, String back) {
    vertx.executeBlocking(work, false).onSuccess(answer -> {
      if (answer.ok()) {
        done.accept(answer);
      } else {
        Pages.html(ctx, answer.status(), layout.bare(refusal, Forms.refused(refusal, answer.error(), back)));
      }
    }).onFailure(e -> Pages.html(ctx, 503, layout.bare(refusal, Forms.refused(refusal,
        "The store is unavailable: nothing was decided. Try again.", back))));
  }
}
