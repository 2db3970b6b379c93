package io.runbookd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.api.AdminRoutes;
import io.runbookd.api.ApiRoutes;
import io.runbookd.api.Decisions;
import io.runbookd.engine.Calls;
import io.runbookd.engine.Engine;
import io.runbookd.engine.Scheduler;
import io.runbookd.store.RunStore;
import io.runbookd.engine.EngineSettings;
import io.runbookd.guard.ApprovalGuard;
import io.runbookd.guard.BlastRadiusGuard;
import io.runbookd.guard.BudgetGuard;
import io.runbookd.guard.CooldownGuard;
import io.runbookd.guard.Guardrails;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.guard.LockGuard;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentCounts;
import io.runbookd.guard.ModeGuard;
import io.runbookd.guard.NamespaceGuard;
import io.runbookd.k8s.KubernetesClients;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.ingest.WebhookHandler;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.store.Store;
import io.runbookd.store.StoreException;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.Maintenance;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageStore;
import io.runbookd.escalation.ApprovalFollowUps;
import io.runbookd.escalation.EscalationLevels;
import io.runbookd.escalation.PageDelivery;
import io.runbookd.escalation.Paging;
import io.runbookd.metrics.Metrics;
import io.runbookd.silence.SilenceKeeper;
import io.runbookd.store.SilenceStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that sees every part and wires them together. Start
 * order makes a refusal cheap (config, rules, store) before anything listens; stop order
 * stops listening first, then drains the intake, then closes the store.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final RunbookdConfig config;
  private final Clock clock;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final String owner = OwnIdentity.owner();
  private Vertx vertx;
  private HttpServer http;

  public Daemon(RunbookdConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Starts everything; throws {@link StartupException} naming what is wrong. */
  public Daemon start() {
    Metrics metrics = Metrics.prometheus();
    ObjectMapper json = new ObjectMapper();
    vertx = Vertx.vertx();
    Clients clients = Clients.of(config, KubernetesClients.fromEnvironment(vertx), clock);
    closers.add(clients);
    Plugins plugins = Plugins.create(clients);
    RuleRegistry rules = loadRules(metrics, plugins);
    Store store = openStore(metrics);
    closers.add(0, new Maintenance(store, config.store().retention(), ledgerWindow()).start(Duration.ofMinutes(1)));
    IncidentStore incidents = new IncidentStore(store, json);
    Paging paging = new Paging(config.escalation(), plugins.pagers(), new PageStore(store), incidents, json,
        config.server().externalUrl());
    Calls calls = Calls.defaults();
    closers.add(0, calls);
    Engine engine = new Engine(store, new RuleHistory(rules),
        new Engine.Parts(plugins.probes(), plugins.actions(), guardrails(store), calls, paging),
        engineSettings(), metrics, json, clock);
    closers.add(0, engine);
    PageDelivery delivery = new PageDelivery(new OutboxStore(store), plugins.pagers(), Plugins.PAGER_SPACING,
        metrics, json, clock);
    closers.add(0, delivery);
    Ticker levels = new Ticker("runbookd-escalation-levels",
        new EscalationLevels(store, new PageStore(store), paging, json, clock)::followUpDue);
    closers.add(0, levels);
    Ticker approvals = new Ticker("runbookd-approval-follow-ups",
        new ApprovalFollowUps(store, json, clock)::followUpDue);
    closers.add(0, approvals);
    Ticker scheduler = new Ticker("runbookd-scheduler", new Scheduler(store, new RunStore(store, json), paging,
        rules::current, engine::wake, clock)::tick);
    closers.add(0, scheduler);
    Ticker incidentCounts = new Ticker("runbookd-incident-counts",
        new IncidentGauges(new IncidentCounts(store), metrics));
    closers.add(0, incidentCounts);
    Ticker silences = new Ticker("runbookd-silences",
        SilenceKeeper.of(config, new SilenceStore(store, json), rules::current, clock)::tick);
    closers.add(0, silences);
    closers.add(0, RulesWiring.watch(config.rules(), rules));
    GuardStore guardStore = new GuardStore(store);
    metrics.gauge("runbookd_kill_switch_engaged", "1 while the kill switch is on (unreadable counts as on)",
        () -> killSwitchEngaged(guardStore));
    Router router = Router.router(vertx);
    Decisions decisions = new Decisions(store, paging, engine::wake, json);
    ConsoleWiring console = ConsoleWiring.create(vertx, config, store, clock);
    new WebhookHandler(vertx, config.webhook(), RulesWiring.matcher(rules), new Intake(store, json), engine::wake,
        io.runbookd.incident.Priority.severities(config.escalation().severities()), json, metrics)
        .mount(router);
    new ApiRoutes(vertx, incidents, json, metrics, () -> RulesWiring.describe(rules.current()),
        () -> Status.of(config, rules, store, owner), () -> rules.loaded() && store.ready(), console.access())
        .mount(router);
    AdminRoutes admin = new AdminRoutes(vertx, console.access(), decisions, json);
    admin.mount(router);
    console.mount(router, decisions, rules, plugins.pagers(), () -> Status.of(config, rules, store, owner));
    Ticker drills = RunbookWiring.mount(router, admin,
        new RunbookWiring.Parts(vertx, store, incidents, rules, paging, engine::wake, metrics, json, clock));
    closers.add(0, drills);
    Routes.fallbacks(router, json);
    http = await(vertx.createHttpServer(HttpServerFactory.options(config.server()))
        .requestHandler(router)
        .listen());
    // Nothing acts before the daemon is ready: the engine and the pagers start last.
    engine.start();
    delivery.start();
    levels.start(Duration.ofSeconds(1));
    approvals.start(Duration.ofSeconds(1));
    silences.start(SilenceKeeper.EVERY);
    scheduler.start(Duration.ofSeconds(15));
    incidentCounts.start(IncidentGauges.EVERY);
    drills.start(Duration.ofSeconds(5));
    log.info("runbookd listening on {}:{}; mode {}; {} rules; store {} ({}); replica {}",
        config.server().host(), http.actualPort(), config.mode().wire(), rules.current().size(),
        store.dialect().name().toLowerCase(java.util.Locale.ROOT), store.location(), owner);
    return this;
  }

  private static double killSwitchEngaged(GuardStore guards) {
    try {
      return guards.paused() ? 1 : 0;
    } catch (StoreException e) {
      return 1;
    }
  }

  private Store openStore(Metrics metrics) {
    try {
      Store store = Store.open(config.store(), clock, metrics);
      closers.add(store);
      return store;
    } catch (StoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** The longest window a guard reads the action ledger over: ledger rows live at least this long. */
  private Duration ledgerWindow() {
    Duration cooldown = config.guards().cooldown();
    return cooldown.compareTo(Duration.ofHours(1)) > 0 ? cooldown : Duration.ofHours(1);
  }

  /** The guards, in the order their decisions are recorded; approval last. */
  private Guardrails guardrails(Store store) {
    GuardStore guardStore = new GuardStore(store);
    RunbookdConfig.Guards limits = config.guards();
    return new Guardrails(
        List.of(
            new ModeGuard(),
            new KillSwitchGuard(guardStore),
            SelfTargets.guard(config),
            new NamespaceGuard(config.kubernetes().namespaces(), OwnIdentity.namespace()),
            new LockGuard(guardStore, clock),
            new CooldownGuard(guardStore, limits.cooldown(), clock),
            new BudgetGuard(guardStore, limits.budgetPerHour(), clock),
            new BlastRadiusGuard(guardStore, limits.maxTargetsPerIncident()),
            new ApprovalGuard(guardStore, clock)));
  }

  private EngineSettings engineSettings() {
    return new EngineSettings(
        config.mode(),
        config.vars(),
        owner,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        4,
        config.guards().approvalTimeout(),
        Duration.ofMinutes(5),
        config.server().externalUrl());
  }

  private RuleRegistry loadRules(Metrics metrics, Plugins plugins) {
    RuleRegistry rules =
        new RuleRegistry(Path.of(config.rules().dir()), new RuleLoader(plugins), metrics, clock);
    LoadResult first = rules.reload();
    if (!first.ok()) {
      throw new StartupException("invalid rules; nothing started:\n  " + String.join("\n  ", first.lines()));
    }
    return rules;
  }

  /** The port actually bound (useful with {@code server.port: 0} in tests). */
  public int port() {
    return http.actualPort();
  }

  @Override
  public void close() {
    if (http != null) {
      await(http.close());
    }
    for (AutoCloseable closer : closers) {
      try {
        closer.close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.toString());
      }
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StartupException("could not start the HTTP listener: " + e.getMessage(), e);
    }
  }
}
