package io.runbookd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.runbookd.api.AdminRoutes;
import io.runbookd.api.ApiRoutes;
import io.runbookd.store.EngineStore;
import io.runbookd.engine.Calls;
import io.runbookd.engine.Engine;
import io.runbookd.engine.EngineSettings;
import io.runbookd.guard.ApprovalGuard;
import io.runbookd.guard.BlastRadiusGuard;
import io.runbookd.guard.BudgetGuard;
import io.runbookd.guard.CooldownGuard;
import io.runbookd.guard.Guardrails;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.guard.LockGuard;
import io.runbookd.store.GuardStore;
import io.runbookd.guard.ModeGuard;
import io.runbookd.guard.NamespaceGuard;
import io.runbookd.k8s.KubernetesClients;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.ingest.IntakeQueue;
import io.runbookd.ingest.WebhookHandler;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.store.IncidentReader;
import io.runbookd.store.IncidentWriter;
import io.runbookd.store.Store;
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
  private Vertx vertx;
  private HttpServer http;
  private IntakeQueue intake;
  private KillSwitchGuard killSwitch;

  public Daemon(RunbookdConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Starts everything; throws {@link StartupException} naming what is wrong. */
  public Daemon start() {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ObjectMapper json = new ObjectMapper();
    vertx = Vertx.vertx();
    Clients clients = Clients.of(config, KubernetesClients.fromEnvironment(vertx), clock);
    closers.add(clients);
    Plugins plugins = Plugins.create(clients);
    RuleRegistry rules = loadRules(metrics, plugins);
    Store store = Store.open(config.store());
    closers.add(store);
    killSwitch = new KillSwitchGuard(new GuardStore(store));
    Calls calls = Calls.defaults();
    closers.add(0, calls);
    Engine engine =
        new Engine(
                store,
                new RuleHistory(rules),
                new Engine.Parts(
                    plugins.probes(),
                    plugins.actions(),
                    plugins.pagers(),
                    guardrails(store),
                    calls,
                    Plugins.PAGER_SPACING,
                    config.escalation()),
                engineSettings(),
                metrics,
                json,
                clock)
            .start();
    closers.add(0, engine);
    intake =
        new IntakeQueue(
                store,
                new IncidentWriter(store.dialect(), clock, json),
                config.webhook().queueCapacity(),
                metrics)
            .start();
    closers.add(0, intake);
    closers.add(0, RulesWiring.watch(config.rules(), rules));
    Router router = Router.router(vertx);
    new WebhookHandler(
            vertx, config.webhook(), RulesWiring.matcher(rules), intake, engine::wake,
            io.runbookd.incident.Priority.severities(config.escalation().severities()), json, metrics)
        .mount(router);
    new ApiRoutes(
            vertx,
            new IncidentReader(store, json),
            json,
            metrics,
            () -> RulesWiring.describe(rules.current()),
            () -> Status.of(config, rules, new GuardStore(store)),
            () -> rules.loaded() && store.ping())
        .mount(router);
    new AdminRoutes(vertx, config.api().token(), killSwitch, new GuardStore(store),
            new EngineStore(store), engine::wake, json, clock)
        .mount(router);
    Routes.fallbacks(router, json);
    http = await(vertx.createHttpServer(HttpServerFactory.options(config.server()))
        .requestHandler(router)
        .listen());
    log.info(
        "runbookd listening on {}:{}; mode {}; {} rules; store {}",
        config.server().host(),
        http.actualPort(),
        config.mode().wire(),
        rules.current().size(),
        store.dialect().name().toLowerCase(java.util.Locale.ROOT));
    return this;
  }

  /** The guards, in the order their decisions are recorded; approval last. */
  private Guardrails guardrails(Store store) {
    GuardStore guardStore = new GuardStore(store);
    RunbookdConfig.Guards limits = config.guards();
    return new Guardrails(
        List.of(
            new ModeGuard(),
            killSwitch,
            SelfTargets.guard(config),
            new NamespaceGuard(config.kubernetes().namespaces(), OwnIdentity.namespace()),
            new LockGuard(guardStore, clock),
            new CooldownGuard(guardStore, limits.cooldown(), clock),
            new BudgetGuard(guardStore, limits.budgetPerHour(), clock),
            new BlastRadiusGuard(guardStore, limits.maxTargetsPerIncident()),
            new ApprovalGuard(guardStore)));
  }

  private EngineSettings engineSettings() {
    return new EngineSettings(
        config.mode(),
        config.vars(),
        OwnIdentity.owner(),
        Duration.ofMinutes(15),
        Duration.ofSeconds(1),
        4,
        config.guards().approvalTimeout());
  }

  private RuleRegistry loadRules(PrometheusMeterRegistry metrics, Plugins plugins) {
    RuleRegistry rules =
        new RuleRegistry(Path.of(config.rules().dir()), new RuleLoader(plugins), metrics);
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
