package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.config.Mode;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Decision;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.GuardStore;
import io.runbookd.store.Store;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each guardrail, with an injected clock, through the real engine against a fake cluster. */
class GuardrailsTest {
  /** A restart with no verify section: the incident ends (escalated) right after acting. */
  static final String RESTART =
      """
      id: RB-R
      title: restart
      match:
        alertname: HighErrorRate
      remediate:
        - id: restart
          action: k8s.rollout_restart
          params: {namespace: nba-mcp, deployment: nba-mcp}
      """;

  static final String POOL =
      """
      id: RB-S
      title: pool
      match:
        alertname: SlowDatabaseQueries
      remediate:
        - id: raise_pool
          action: k8s.set_env
          params: {namespace: nba-mcp, deployment: {expr: "alert.labels.deployment"}, env: {DB_POOL_SIZE: "50"}}
      escalate:
        pagers: [log]
      """;

  @TempDir Path dir;

  private EngineHarness harness(List<String> rules, UnaryOperator<List<Action<?>>> actions) throws Exception {
    return new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE, rules, actions);
  }

  @Test
  void secondRestartWithinTheCooldownIsBlocked() throws Exception {
    try (EngineHarness h = harness(List.of(RESTART), UnaryOperator.identity())) {
      String first = h.open(h.rule, Map.of(), "0000000000000001");
      h.runDue();
      h.resolve("0000000000000001", Map.of());
      h.runDue();
      h.clock.advance(Duration.ofMinutes(10));

      String second = h.open(h.rule, Map.of(), "0000000000000002");
      h.runDue();

      assertThat(second).as("the problem came back after the first incident ended").isNotEqualTo(first);
      assertThat(h.messages(first)).contains("action_done");
      assertThat(h.messages(second)).contains("action restart blocked by guard cooldown");
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
      h.resolve("0000000000000002", Map.of());
      h.runDue();
      h.clock.advance(Duration.ofMinutes(21));
      String third = h.open(h.rule, Map.of(), "0000000000000003");
      h.runDue();
      assertThat(h.messages(third)).contains("action_done");
    }
  }

  @Test
  void fleetBudgetHoldsAcrossRules() throws Exception {
    try (EngineHarness h = harness(List.of(RESTART, POOL), UnaryOperator.identity())) {
      h.budgetPerHour = 1;
      h.restart();
      String restart = h.open(h.ruleSet.byId("RB-R").orElseThrow(), Map.of(), "0000000000000001");
      h.runDue();

      String pool = h.open(h.ruleSet.byId("RB-S").orElseThrow(), Map.of(), "0000000000000002");
      h.runDue();

      assertThat(h.messages(restart)).contains("action_done");
      assertThat(h.messages(pool)).contains("blocked by guard budget: 1 mutating actions in the last hour");
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
    }
  }

  @Test
  void killSwitchStopsAnIncidentBetweenTwoActions() throws Exception {
    String twoSteps = RESTART.replace("remediate:\n", """
        remediate:
          - id: raise_pool
            action: k8s.set_env
            params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
        """);
    List<EngineHarness> self = new ArrayList<>();
    try (EngineHarness h = harness(List.of(twoSteps), actions -> pausingAfter(actions, "k8s.set_env", self))) {
      self.add(h);
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.messages(id))
          .contains("action_done: action raise_pool done")
          .contains("action restart blocked by guard kill_switch: runbookd is paused");
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
    }
  }

  @Test
  void unreadableKillSwitchMeansPaused() {
    Store store = Store.open(StoreKind.SQLITE.config(dir), java.time.Clock.systemUTC(),
        io.runbookd.metrics.Metrics.inMemory());
    KillSwitchGuard guard = new KillSwitchGuard(new GuardStore(store));
    store.close();

    Decision decision = guard.check(new ActionRequest("i", "r", "s", "k8s.rollout_restart",
        Target.kubernetes("deployment", "nba-mcp", "nba-mcp"), Mode.ENFORCE, Reversibility.TRANSIENT,
        false, false));

    assertThat(decision.verdict()).isEqualTo(Decision.Verdict.BLOCK);
    assertThat(decision.reason()).isEqualTo("the kill switch cannot be read; treated as paused");
  }

  @Test
  void thirdAttemptNeverHappens() throws Exception {
    try (EngineHarness h = harness(List.of(POOL), UnaryOperator.identity())) {
      String id = h.open(h.rule, Map.of("alertname", "SlowDatabaseQueries", "deployment", "ghost"), "0000000000000001");

      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ACTING);
      h.clock.advance(Duration.ofSeconds(61));
      h.runDue();
      h.clock.advance(Duration.ofMinutes(5));
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.guards().attempts(id, "raise_pool")).isEqualTo(2);
      assertThat(h.messages(id)).contains("failed on attempt 1 of 2").contains("escalated: action_failed");
    }
  }

  @Test
  void approvalTimeoutEscalates() throws Exception {
    String approval = RESTART.replace("    params: {namespace: nba-mcp, deployment: nba-mcp}",
        "    approval: required\n    params: {namespace: nba-mcp, deployment: nba-mcp}");
    try (EngineHarness h = harness(List.of(approval), UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);

      h.clock.advance(Duration.ofMinutes(31));
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("approval_timeout").contains("was not approved within 30m");
      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }

  @Test
  void approvedActionRuns() throws Exception {
    String approval = RESTART.replace("    params: {namespace: nba-mcp, deployment: nba-mcp}",
        "    approval: required\n    params: {namespace: nba-mcp, deployment: nba-mcp}");
    try (EngineHarness h = harness(List.of(approval), UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();

      h.decide(id, "approved", "alice");
      h.runDue();

      assertThat(h.messages(id)).contains("approval_requested").contains("action_done");
      assertThat(h.timeline(id).stream().filter(e -> e.kind().equals("action_started")).findFirst()
          .orElseThrow().data().orElseThrow()).contains("approved by alice");
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
    }
  }

  @Test
  void failedVerificationRollsBackThenEscalates() throws Exception {
    try (EngineHarness h = harness(List.of(EngineLifecycleTest.RULE), UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(EngineLifecycleTest.envOf(h)).containsEntry("DB_POOL_SIZE", "50");

      for (int minute = 0; minute < 16; minute++) {
        h.clock.advance(Duration.ofSeconds(61));
        h.runDue();
      }

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(EngineLifecycleTest.envOf(h)).containsEntry("DB_POOL_SIZE", "20");
      assertThat(h.messages(id)).contains("undo_done").contains("rolled back: raise_pool undone");
    }
  }

  @Test
  void runbookdNeverActsOnItsOwnDeployment() throws Exception {
    String self = RESTART.replace("{namespace: nba-mcp, deployment: nba-mcp}", "{namespace: runbookd, deployment: runbookd}");
    try (EngineHarness h = harness(List.of(self), UnaryOperator.identity())) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.messages(id)).contains("blocked by guard self: kubernetes:deployment/runbookd/runbookd is runbookd itself");
      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }

  private static List<Action<?>> pausingAfter(List<Action<?>> actions, String name, List<EngineHarness> self) {
    List<Action<?>> out = new ArrayList<>();
    for (Action<?> a : actions) {
      out.add(a.name().equals(name) ? pausing(a, self) : a);
    }
    return out;
  }

  private static <P> Action<P> pausing(Action<P> action, List<EngineHarness> self) {
    return new CrashingAction<>(action, () -> self.get(0).guards().setPaused(true, "test"));
  }
}
