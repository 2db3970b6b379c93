package io.runbookd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.api.AdminRoutes;
import io.runbookd.api.ReportRoutes;
import io.runbookd.api.RunbookRoutes;
import io.runbookd.escalation.Escalations;
import io.runbookd.metrics.Metrics;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.runs.Catalogue;
import io.runbookd.runs.Drills;
import io.runbookd.runs.ManualRuns;
import io.runbookd.runs.OverdueDrills;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.ReportStore;
import io.runbookd.store.RunStore;
import io.runbookd.store.Store;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * Connects manual runs, drills and reports to the API, and the drill check (results of drills that
 * came to rest, overdue drills and their page) to a ticker of its own.
 */
final class RunbookWiring {
  /** The read endpoints' access check, as {@code ApiRoutes} applies it. */
  static final Handler<RoutingContext> READ = RoutingContext::next;

  private RunbookWiring() {}

  /** What the runbook routes and the drill check are built from. */
  record Parts(Vertx vertx, Store store, IncidentStore incidents, RuleRegistry rules, Escalations escalations,
      Runnable wake, Metrics metrics, ObjectMapper json, Clock clock) {}

  /** Mounts the routes; returns the drill check's ticker, not started. */
  static Ticker mount(Router router, AdminRoutes admin, Parts p) {
    RunStore runs = new RunStore(p.store(), p.json());
    Drills drills = new Drills(p.store(), p.incidents(), runs, p.rules()::current, p.rules().dir(), p.wake(),
        p.clock());
    OverdueDrills overdue = new OverdueDrills(p.store(), p.rules()::current, p.escalations(), p.clock());
    p.metrics().gauge("runbookd_drills_overdue", "runbooks whose drill is overdue (past drill.every)",
        overdue::overdue);
    new RunbookRoutes(p.vertx(), new ManualRuns(runs, p.rules()::current, p.wake()), drills,
        new Catalogue(p.store(), p.rules()::current, p.clock()), p.json()).mount(router, admin, READ);
    new ReportRoutes(p.vertx(), new ReportStore(p.store()), p.json()).mount(router, READ);
    return new Ticker("runbookd-drills", () -> {
      drills.settle();
      overdue.check();
    });
  }
}
