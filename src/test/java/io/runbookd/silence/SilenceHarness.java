package io.runbookd.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.metrics.Metrics;
import io.runbookd.rules.Criteria;
import io.runbookd.rules.Drill;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.rules.Silence;
import io.runbookd.rules.Steps;
import io.runbookd.rules.Triggers;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.SilenceRow;
import io.runbookd.store.SilenceStore;
import io.runbookd.store.Store;
import io.runbookd.store.Transition;
import io.runbookd.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A store with incidents of rule RB-101 and keepers over it, for tests against a real
 * Alertmanager. Each incident's alert carries a label of its own, so tests sharing one
 * Alertmanager never see each other's silences.
 */
final class SilenceHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final MutableClock clock = new MutableClock(Instant.now());
  private final RunbookdConfig.Store storeConfig;
  private final List<Store> opened = new ArrayList<>();
  Store store;
  RuleSet rules = rules(Optional.of(Silence.untilVerified()));

  SilenceHarness(RunbookdConfig.Store storeConfig) {
    this.storeConfig = storeConfig;
    reopen();
  }

  /** Stops using the store as a killed process would (nothing lifted), and opens it again. */
  void restart() {
    store.close();
    opened.remove(store);
    reopen();
  }

  private void reopen() {
    store = Store.open(storeConfig, clock, Metrics.inMemory());
    opened.add(store);
  }

  static RuleSet rules(Optional<Silence> silence) {
    Criteria match = new Criteria(List.of("HighErrorRate"), List.of(), Optional.empty());
    return new RuleSet(List.of(new Rule("RB-101", "High error rate", "", "", Optional.empty(),
        Triggers.alerts(match), "RB-101.yaml", "v1", Steps.none(), Drill.defaults(), List.of(), silence)));
  }

  static RunbookdConfig config(String mode, String... alertmanagers) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("webhook", new LinkedHashMap<>(Map.of("insecure", true)));
    tree.put("mode", mode);
    tree.put("alertmanager", new LinkedHashMap<>(Map.of("url", List.of(alertmanagers))));
    tree.put("server", new LinkedHashMap<>(Map.of("externalUrl", "https://runbookd.example.com")));
    return new ConfigLoader(Map.of()).bind(tree);
  }

  SilenceKeeper keeper(RunbookdConfig config) {
    return SilenceKeeper.of(config, silences(), () -> rules, clock);
  }

  SilenceStore silences() {
    return new SilenceStore(store, JSON);
  }

  IncidentStore incidents() {
    return new IncidentStore(store, JSON);
  }

  /** Opens an incident of RB-101 with one firing alert; returns its id. */
  String incident() throws Exception {
    Map<String, String> labels = labels();
    Alert alert = new Alert(Alert.Status.FIRING, labels, Map.of("value", "0.12"), clock.instant(), Optional.empty(),
        "http://prometheus/graph", UUID.randomUUID().toString().substring(0, 16));
    AlertDraft draft = new AlertDraft(alert, GroupKey.ofRule("RB-101", List.of("alertname", "test"), labels),
        Optional.of("RB-101"), Optional.of("v1"), "matched RB-101", Priority.P1);
    return new Intake(store, JSON).submit(List.of(draft)).get(30, TimeUnit.SECONDS).get(0).incidentId();
  }

  /** The labels of an incident's alert: the shipped example's, plus one of its own. */
  static Map<String, String> labels() {
    return Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "deployment", "nba-mcp",
        "severity", "critical", "test", UUID.randomUUID().toString());
  }

  void move(String id, IncidentStatus from, IncidentStatus to, Optional<Instant> verifyDeadline) {
    assertThat(incidents().transition(new Transition(id, from, to, "test: " + to.wire(), Optional.empty(),
        verifyDeadline))).isTrue();
  }

  void acknowledge(String id) {
    store.write(tx -> incidents().acknowledge(tx, id, "alice"));
  }

  /** The incident's silence timeline lines, in order. */
  List<String> lines(String id) {
    return incidents().timeline(id).stream().filter(e -> e.kind().equals("silence"))
        .map(TimelineEntry::message).toList();
  }

  List<SilenceRow> rows(String id) {
    return silences().of(id);
  }

  @Override
  public void close() {
    opened.forEach(Store::close);
  }
}
