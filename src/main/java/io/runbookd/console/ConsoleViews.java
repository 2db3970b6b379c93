package io.runbookd.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.rules.Rule;
import io.runbookd.store.ConsoleReads;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.RuntimeSettings;
import io.runbookd.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console's pages: each reads what it shows on a worker thread, then renders it. */
final class ConsoleViews {
  private static final Logger log = LoggerFactory.getLogger(ConsoleViews.class);

  private final Vertx vertx;
  private final Console.Parts parts;
  private final Layout layout;
  private final Clock clock;
  private final Router router;
  private final IncidentStore incidents;
  private final GuardStore guards;
  private final RuntimeSettings settings;
  private final ConsoleReads reads;
  private final OutboxStore outbox;
  private final IncidentPage incidentPage;

  ConsoleViews(Vertx vertx, Store store, Console.Parts parts, Layout layout, ObjectMapper json, Clock clock,
      Router router) {
    this.vertx = vertx;
    this.parts = parts;
    this.layout = layout;
    this.clock = clock;
    this.router = router;
    this.incidents = new IncidentStore(store, json);
    this.guards = new GuardStore(store);
    this.settings = new RuntimeSettings(store);
    this.reads = new ConsoleReads(store);
    this.outbox = new OutboxStore(store);
    this.incidentPage = new IncidentPage(json);
  }

  void list(RoutingContext ctx, Viewer viewer) {
    ListQuery query = ListQuery.of(ctx.queryParams());
    page(ctx, viewer, Layout.Section.INCIDENTS, "Incidents", () -> {
      List<Incident> found = incidents.list(query.filter()).stream().filter(query::matches)
          .limit(ListQuery.SHOWN).toList();
      List<String> rules = parts.rules().current().rules().stream().map(Rule::id).sorted().toList();
      return IncidentList.render(query, found, reads.countsByStatus(), rules, clock.instant());
    });
  }

  void changes(RoutingContext ctx) {
    vertx.executeBlocking(reads::stamp, false)
        .onSuccess(stamp -> ctx.response().putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end("{\"stamp\":\"" + stamp + "\"}"))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end("{\"error\":\"the store is unavailable\"}"));
  }

  void incident(RoutingContext ctx, Viewer viewer) {
    String id = ctx.pathParam("id");
    String done = Optional.ofNullable(ctx.request().getParam("done")).orElse("");
    withIncident(ctx, viewer, id, w -> {
      Html html = flash(done);
      return html.append(incidentPage.render(w, incidents.alerts(id, 100), viewer, clock.instant()));
    });
  }

  void confirm(RoutingContext ctx, Viewer viewer) {
    String decision = Optional.ofNullable(ctx.request().getParam("decision")).orElse("");
    if (!viewer.mayDecide() || !List.of("approve", "deny", "ack").contains(decision)) {
      Pages.redirect(ctx, "/console/incidents/" + ctx.pathParam("id"));
      return;
    }
    withIncident(ctx, viewer, ctx.pathParam("id"), w -> Forms.confirm(w, decision, viewer, clock.instant()));
  }

  private void withIncident(RoutingContext ctx, Viewer viewer, String id, Render<DecisionPanel.Waiting> render) {
    if (id == null || !id.matches("[a-z0-9-]{1,64}")) {
      Pages.html(ctx, 404, layout.bare("Not found",
          Forms.refused("No such incident", "No incident has that id.", "/")));
      return;
    }
    page(ctx, viewer, Layout.Section.INCIDENTS, "Incident " + id, () -> {
      Optional<Incident> incident = incidents.get(id);
      if (incident.isEmpty()) {
        return null;
      }
      Incident i = incident.get();
      Optional<Rule> rule = i.rule().flatMap(r -> parts.rules().current().byId(r))
          .filter(r -> r.version().equals(i.ruleVersion().orElse("")));
      return render.of(new DecisionPanel.Waiting(i, guards.approvals(id), incidents.timeline(id), rule));
    });
  }

  void runbooks(RoutingContext ctx, Viewer viewer) {
    boolean catalogue = router.getRoutes().stream().anyMatch(r -> "/api/v1/runbooks".equals(r.getPath()));
    page(ctx, viewer, Layout.Section.RUNBOOKS, "Runbooks", () -> {
      List<Rule> rules = parts.rules().current().rules();
      Map<String, RuleText> texts = new LinkedHashMap<>();
      rules.forEach(r -> texts.put(r.id(), RuleText.of(r, parts.rules().dir())));
      return RunbooksPage.render(rules, texts, catalogue);
    });
  }

  void status(RoutingContext ctx, Viewer viewer) {
    page(ctx, viewer, Layout.Section.STATUS, "Status",
        () -> StatusPage.render(parts.status().get(), parts.pagers(), outbox.pendingByPager()));
  }

  void killSwitchForm(RoutingContext ctx, Viewer viewer, boolean pause) {
    if (!viewer.mayDecide()) {
      Pages.redirect(ctx, "/");
      return;
    }
    page(ctx, viewer, Layout.Section.NONE, pause ? "Pause" : "Resume",
        () -> Forms.killSwitch(pause, viewer, Optional.empty()));
  }

  /** Renders a page on a worker thread; {@code null} from the body means "not found". */
  private void page(RoutingContext ctx, Viewer viewer, Layout.Section section, String title, Callable<Html> body) {
    vertx.executeBlocking(() -> {
      Html main = body.call();
      if (main == null) {
        return null;
      }
      return layout.page(title, section, viewer, KillSwitch.read(guards, settings), main);
    }, false).onSuccess(html -> {
      if (html == null) {
        Pages.html(ctx, 404, layout.bare("Not found", Forms.refused("No such incident", "No incident has that id.",
            "/")));
      } else {
        Pages.html(ctx, 200, html);
      }
    }).onFailure(e -> {
      log.warn("console page {} failed: {}", ctx.normalizedPath(), e.toString());
      Pages.html(ctx, 503, layout.bare("Unavailable", Forms.refused("The store is unavailable",
          "runbookd cannot read its store right now; this page reloads when it can.", ctx.normalizedPath())));
    });
  }

  private static Html flash(String done) {
    Html html = new Html();
    String text = switch (done) {
      case "approved" -> "Approved: the step runs next, through every other guard.";
      case "denied" -> "Denied: the step will not run; the incident escalates.";
      case "acknowledged" -> "Acknowledged: further escalation levels are not paged.";
      default -> null;
    };
    return text == null ? html : html.el("p", text, "class", "flash", "role", "status");
  }

  /** Renders one view of a value read from the store. */
  @FunctionalInterface
  private interface Render<T> {
    Html of(T value);
  }
}
