package io.runbookd.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.k8s.RolloutRestart;
import io.runbookd.actions.k8s.SetEnv;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.guard.ApprovalGuard;
import io.runbookd.guard.BlastRadiusGuard;
import io.runbookd.guard.BudgetGuard;
import io.runbookd.guard.CooldownGuard;
import io.runbookd.guard.Guardrails;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.guard.LockGuard;
import io.runbookd.guard.SelfGuard;
import io.runbookd.store.GuardStore;
import java.util.Set;
import io.runbookd.guard.ModeGuard;
import io.runbookd.guard.NamespaceGuard;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.probes.Probes;
import io.runbookd.probes.k8s.PodStatus;
import io.runbookd.probes.k8s.RolloutHistory;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.probes.http.HttpGet;
import io.runbookd.probes.sql.SqlQuery;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleLoader;
import io.runbookd.server.Plugins;
import io.runbookd.escalation.EscalationLevels;
import io.runbookd.escalation.PageDelivery;
import io.runbookd.escalation.Paging;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The real engine against a fabric8 mock cluster and a real store, with a clock the test moves.
 * Rules are written to a temp directory and loaded by the real loader.
 */
final class EngineHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The namespaces the harness's probes may read: the mock cluster's. */
  static final ReadNamespaces READABLE = ReadNamespaces.of("nba-mcp");

  final MockCluster cluster = MockCluster.start();
  final MutableClock clock = new MutableClock(Instant.parse("2025-10-12T12:00:00Z"));
  final RunbookdConfig.Store storeConfig;
  final Mode mode;
  final Plugins plugins;
  final Rule rule;
  final io.runbookd.rules.RuleSet ruleSet;
  Store store;
  Engine engine;
  Paging paging;
  PageDelivery delivery;
  EscalationLevels levels;
  KillSwitchGuard killSwitch;
  final Metrics metrics = Metrics.inMemory();
  int budgetPerHour = 10;
  /** Pagers and escalation policy; tests replace them and call {@link #restart()}. */
  Pagers pagers;
  private final Map<String, Instant> opened = new java.util.HashMap<>();
  RunbookdConfig.Escalation policy = defaultPolicy(Map.of());
  /** The configuration's {@code vars}, as step expressions read them. */
  Map<String, String> vars = Map.of();

  static RunbookdConfig.Escalation defaultPolicy(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("RUNBOOKD_WEBHOOK_INSECURE", "true");
    return new io.runbookd.config.ConfigLoader(all).bind(new java.util.HashMap<>()).escalation();
  }

  EngineHarness(RunbookdConfig.Store storeConfig, Path dir, Mode mode, String ruleYaml,
      UnaryOperator<List<Action<?>>> actions) throws Exception {
    this(storeConfig, dir, mode, List.of(ruleYaml), actions);
  }

  /** With several rule files; {@link #rule} is the first (by id). */
  EngineHarness(RunbookdConfig.Store storeConfig, Path dir, Mode mode, List<String> ruleYamls,
      UnaryOperator<List<Action<?>>> actions) throws Exception {
    this(storeConfig, dir, mode, ruleYamls, actions, java.net.URI.create("http://127.0.0.1:1"));
  }

  /** With a Prometheus (a WireMock stub) for {@code prometheus.query} steps. */
  EngineHarness(RunbookdConfig.Store storeConfig, Path dir, Mode mode, List<String> ruleYamls,
      UnaryOperator<List<Action<?>>> actions, java.net.URI prometheus) throws Exception {
    this.storeConfig = storeConfig;
    this.mode = mode;
    this.plugins = new Plugins(
        new Probes(List.of(new RolloutHistory(cluster.client(), clock, READABLE),
            new PodStatus(cluster.client(), READABLE),
            new HangingProbe(),
            new io.runbookd.probes.prometheus.PrometheusQuery(Optional.of(prometheus),
                new BlockingHttp(Duration.ofSeconds(2), clock)),
            new HttpGet(new AllowedHosts(List.of("api.nba-mcp.com")), new BlockingHttp(Duration.ofSeconds(1), clock)),
            new SqlQuery(new Datasources(Map.of("nba_stats", new RunbookdConfig.Datasource(
                "jdbc:postgresql://127.0.0.1:1/nba_stats", Optional.empty(), Optional.empty()))),
                new NamedQueries(Map.of())))),
        new Actions(actions.apply(List.of(new RolloutRestart(cluster.client(), clock), new SetEnv(cluster.client()),
            new io.runbookd.actions.k8s.EvictPod(cluster.client())))),
        new Pagers(List.of(new LogPager())));
    Path rules = Files.createDirectories(dir.resolve("rules"));
    for (int i = 0; i < ruleYamls.size(); i++) {
      Files.writeString(rules.resolve("rule" + i + ".yaml"), ruleYamls.get(i));
    }
    LoadResult loaded = new RuleLoader(plugins).load(rules);
    if (!loaded.ok()) {
      throw new AssertionError("test rule invalid: " + loaded.lines());
    }
    this.ruleSet = loaded.ruleSet().orElseThrow();
    this.rule = ruleSet.rules().get(0);
    startEngine();
  }

  /**
   * With the plugins a test builds over this harness's mock cluster and clock (e.g. the daemon's
   * whole set, {@link Plugins#create}), and the configuration's {@code vars}: for shipped rules.
   */
  EngineHarness(RunbookdConfig.Store storeConfig, Path dir, Mode mode, List<String> ruleYamls,
      java.util.function.BiFunction<MockCluster, MutableClock, Plugins> plugins, Map<String, String> vars)
      throws Exception {
    this.storeConfig = storeConfig;
    this.mode = mode;
    this.vars = Map.copyOf(vars);
    this.plugins = plugins.apply(cluster, clock);
    Path rules = Files.createDirectories(dir.resolve("rules"));
    for (int i = 0; i < ruleYamls.size(); i++) {
      Files.writeString(rules.resolve("rule" + i + ".yaml"), ruleYamls.get(i));
    }
    LoadResult loaded = new RuleLoader(this.plugins).load(rules);
    if (!loaded.ok()) {
      throw new AssertionError("test rule invalid: " + loaded.lines());
    }
    this.ruleSet = loaded.ruleSet().orElseThrow();
    this.rule = ruleSet.rules().get(0);
    startEngine();
  }

  void startEngine() {
    store = Store.open(storeConfig, clock, metrics);
    Pagers used = pagers == null ? plugins.pagers() : pagers;
    paging = new Paging(policy, used, new PageStore(store), new IncidentStore(store, JSON), JSON);
    engine = new Engine(store, (id, version) -> ruleSet.byId(id),
        new Engine.Parts(plugins.probes(), plugins.actions(), guardrails(),
            new Calls(Duration.ofSeconds(30), Duration.ofMillis(10)), paging),
        new EngineSettings(mode, vars, "test-owner-" + java.util.UUID.randomUUID(), Duration.ofSeconds(30),
            Duration.ofSeconds(1), 2, Duration.ofMinutes(30)),
        metrics, JSON, clock);
    delivery = new PageDelivery(new OutboxStore(store), used, Map.of(), metrics, JSON, clock);
    levels = new EscalationLevels(store, new PageStore(store), paging, JSON, clock);
  }

  /** The daemon's guards, in its order, over this harness's store and clock. */
  Guardrails guardrails() {
    GuardStore guards = new GuardStore(store);
    killSwitch = new KillSwitchGuard(guards);
    return new Guardrails(List.of(
        new ModeGuard(),
        killSwitch,
        new SelfGuard(Set.of("kubernetes:deployment/runbookd/runbookd"), Set.of()),
        new NamespaceGuard(List.of("nba-mcp"), "runbookd"),
        new LockGuard(guards, clock),
        new CooldownGuard(guards, Duration.ofMinutes(30), clock),
        new BudgetGuard(guards, budgetPerHour, clock),
        new BlastRadiusGuard(guards, 3),
        new ApprovalGuard(guards, clock)));
  }

  /** Decides the incident's waiting approval as the API does, and makes it due. */
  java.util.Set<String> decide(String id, String decision, String by) {
    return store.write(tx -> {
      java.util.Set<String> steps = GuardStore.decide(tx, id, decision, by);
      incidents().reschedule(tx, id, tx.now());
      return steps;
    });
  }

  /** Acknowledges the incident as the API does. */
  boolean acknowledge(String id, String by) {
    return store.write(tx -> {
      boolean acked = incidents().acknowledge(tx, id, by);
      if (acked) {
        paging.acknowledged(tx, id);
      }
      return acked;
    });
  }

  GuardStore guards() {
    return new GuardStore(store);
  }

  /** A process restart: the engine and the store connection pool go away and come back. */
  void restart() {
    engine.close();
    store.close();
    startEngine();
  }

  /** Stores a firing HighErrorRate incident for the rule, as the intake would. */
  String open(Map<String, String> extraLabels) throws Exception {
    return open(rule, extraLabels, "00000000000000aa");
  }

  /** Stores a firing incident no rule covers, as the intake would. */
  String openUnmatched(String alertname, String severity, String fingerprint) throws Exception {
    Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", alertname, "severity", severity),
        Map.of(), clock.instant().minusSeconds(60), Optional.empty(), "", fingerprint);
    AlertDraft draft = new AlertDraft(alert, GroupKey.unmatched("{}:{alertname=\"" + alertname + "\"}",
        alertname, Map.of("alertname", alertname)), Optional.empty(), Optional.empty(), "no rule matched",
        Priority.of(Optional.empty(), alert));
    return write(draft);
  }

  /** Stores the resolved notification of an incident opened by {@link #open}. */
  void resolve(String fingerprint, Map<String, String> extraLabels) throws Exception {
    Map<String, String> labels = new java.util.HashMap<>(
        Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extraLabels);
    Alert alert = new Alert(Alert.Status.RESOLVED, labels, Map.of("value", "0.01"),
        opened.get(fingerprint), Optional.of(clock.instant()), "", fingerprint);
    write(draftOf(rule, alert));
  }

  /** Stores one alert as the intake does; returns its incident. */
  String write(AlertDraft draft) throws Exception {
    return new Intake(store, JSON).submit(List.of(draft)).get(30, java.util.concurrent.TimeUnit.SECONDS)
        .get(0).incidentId();
  }

  /** The draft the intake makes of an alert the rule covers (grouped as the daemon groups it). */
  static AlertDraft draftOf(Rule rule, Alert alert) {
    return new AlertDraft(alert, GroupKey.ofRule(rule.id(), rule.groupingLabels(), alert.labels()), Optional.of(rule.id()),
        Optional.of(rule.version()), "matched " + rule.id(), Priority.P1);
  }


  /** Stores a firing incident of {@code rule} with its own fingerprint. */
  String open(Rule rule, Map<String, String> extraLabels, String fingerprint) throws Exception {
    Map<String, String> labels = new java.util.HashMap<>(
        Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extraLabels);
    Alert alert = new Alert(Alert.Status.FIRING, labels, Map.of("value", "0.12"),
        clock.instant().minusSeconds(120), Optional.empty(), "", fingerprint);
    opened.put(fingerprint, alert.startsAt());
    return write(draftOf(rule, alert));
  }

  void runDue() throws Exception {
    engine.runDue();
    levels.followUpDue();
    engine.runDue();
    delivery.deliverDue();
  }

  IncidentStatus status(String id) throws Exception {
    return incidents().get(id).orElseThrow().status();
  }

  List<TimelineEntry> timeline(String id) throws Exception {
    return incidents().timeline(id);
  }

  IncidentStore incidents() {
    return new IncidentStore(store, JSON);
  }

  List<String> kinds(String id) throws Exception {
    return timeline(id).stream().map(TimelineEntry::kind).toList();
  }

  String messages(String id) throws Exception {
    return String.join("\n", timeline(id).stream().map(e -> e.kind() + ": " + e.message()).toList());
  }

  @Override
  public void close() {
    engine.close();
    store.close();
    cluster.close();
  }
}
