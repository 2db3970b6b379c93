package io.runbookd.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import io.runbookd.incident.IncidentDraft;
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
import io.runbookd.store.IncidentReader;
import io.runbookd.store.IncidentWriter;
import io.runbookd.store.Store;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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

  final MockCluster cluster = MockCluster.start();
  final MutableClock clock = new MutableClock(Instant.parse("2025-10-12T12:00:00Z"));
  final RunbookdConfig.Store storeConfig;
  final Mode mode;
  final Plugins plugins;
  final Rule rule;
  final io.runbookd.rules.RuleSet ruleSet;
  Store store;
  Engine engine;
  KillSwitchGuard killSwitch;
  int budgetPerHour = 10;
  /** Pagers and escalation policy; tests replace them and call {@link #restart()}. */
  Pagers pagers;
  private final Map<String, Instant> opened = new java.util.HashMap<>();
  RunbookdConfig.Escalation policy = defaultPolicy(Map.of());

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
    this.storeConfig = storeConfig;
    this.mode = mode;
    this.plugins = new Plugins(
        new Probes(List.of(new RolloutHistory(cluster.client(), clock), new PodStatus(cluster.client()),
            new HangingProbe(),
            new HttpGet(new AllowedHosts(List.of("api.nba-mcp.com")), new BlockingHttp(Duration.ofSeconds(1), clock)),
            new SqlQuery(new Datasources(Map.of("nba_stats", new RunbookdConfig.Datasource(
                "jdbc:postgresql://127.0.0.1:1/nba_stats", Optional.empty(), Optional.empty()))),
                new NamedQueries(Map.of())))),
        new Actions(actions.apply(List.of(new RolloutRestart(cluster.client(), clock), new SetEnv(cluster.client())))),
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

  void startEngine() {
    store = Store.open(storeConfig);
    engine = new Engine(store, (id, version) -> ruleSet.byId(id),
        new Engine.Parts(plugins.probes(), plugins.actions(), pagers == null ? plugins.pagers() : pagers,
            guardrails(),
            new Calls(Duration.ofSeconds(30), Duration.ofMillis(10)), Map.of(), policy),
        new EngineSettings(mode, Map.of(), "test-owner", Duration.ofMinutes(15), Duration.ofSeconds(1), 2,
            Duration.ofMinutes(30)),
        new SimpleMeterRegistry(), JSON, clock);
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
        new ApprovalGuard(guards)));
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
    IncidentDraft draft = new IncidentDraft(alert, Optional.empty(), Optional.empty(),
        "no rule matched", Priority.of(Optional.empty(), alert));
    write(draft);
    return draft.incidentId();
  }

  /** Stores the resolved notification of an incident opened by {@link #open}. */
  void resolve(String fingerprint, Map<String, String> extraLabels) throws Exception {
    Map<String, String> labels = new java.util.HashMap<>(
        Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extraLabels);
    Alert alert = new Alert(Alert.Status.RESOLVED, labels, Map.of("value", "0.01"),
        opened.get(fingerprint), Optional.of(clock.instant()), "", fingerprint);
    write(new IncidentDraft(alert, Optional.of(rule.id()), Optional.of(rule.version()), "matched", Priority.P1));
  }

  private void write(IncidentDraft draft) throws Exception {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      new IncidentWriter(store.dialect(), clock, JSON).apply(c, List.of(draft));
      c.commit();
    }
  }

  /** Stores a firing incident of {@code rule} with its own fingerprint. */
  String open(Rule rule, Map<String, String> extraLabels, String fingerprint) throws Exception {
    Map<String, String> labels = new java.util.HashMap<>(
        Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extraLabels);
    Alert alert = new Alert(Alert.Status.FIRING, labels, Map.of("value", "0.12"),
        clock.instant().minusSeconds(120), Optional.empty(), "", fingerprint);
    opened.put(fingerprint, alert.startsAt());
    IncidentDraft draft = new IncidentDraft(alert, Optional.of(rule.id()), Optional.of(rule.version()),
        "matched " + rule.id(), Priority.P1);
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      new IncidentWriter(store.dialect(), clock, JSON).apply(c, List.of(draft));
      c.commit();
    }
    return draft.incidentId();
  }

  void runDue() throws Exception {
    engine.runDue();
    engine.deliverPages();
  }

  IncidentStatus status(String id) throws Exception {
    return new IncidentReader(store, JSON).get(id).orElseThrow().status();
  }

  List<TimelineEntry> timeline(String id) throws Exception {
    return new IncidentReader(store, JSON).timeline(id);
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
