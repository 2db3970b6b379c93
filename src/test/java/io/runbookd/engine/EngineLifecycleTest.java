package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incident lifecycle, step by step, with an injected clock and a fake cluster. */
class EngineLifecycleTest {
  static final String RULE =
      """
      id: RB-T
      title: test runbook
      priority: P1
      match:
        alertname: HighErrorRate
      diagnose:
        - id: pods
          probe: k8s.pod_status
          params: {namespace: nba-mcp, selector: app=nba-mcp}
        - id: rollouts
          probe: k8s.rollout_history
          params:
            namespace: nba-mcp
            deployment: {expr: "alert.labels.deployment"}
      remediate:
        - id: raise_pool
          action: k8s.set_env
          when: "probes.pods.oom_killed > 0"
          params:
            namespace: nba-mcp
            deployment: {expr: "alert.labels.deployment"}
            env: {DB_POOL_SIZE: "50"}
      verify:
        probe: k8s.pod_status
        params: {namespace: nba-mcp, selector: app=nba-mcp}
        condition: "result.ready_ratio >= 1.0"
        within: 15m
        every: 1m
      escalate:
        pagers: [log]
      """;

  @TempDir Path dir;

  private EngineHarness harness(Mode mode, String rule) throws Exception {
    return new EngineHarness(StoreKind.SQLITE.config(dir), dir, mode, rule, UnaryOperator.identity());
  }

  @Test
  void enforceActsThenResolvesOnceVerified() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);
      assertThat(h.cluster.mutatingRequests()).hasSize(1).allMatch(r -> r.contains("/deployments/nba-mcp"));
      assertThat(envOf(h)).containsEntry("DB_POOL_SIZE", "50");
      makeAllPodsReady(h);
      h.clock.advance(Duration.ofSeconds(61));
      h.runDue();
      assertThat(h.status(id)).as("verified; its alert still fires").isEqualTo(IncidentStatus.VERIFIED);
      h.resolve("00000000000000aa", Map.of());
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(h.kinds(id)).containsSubsequence(
          "received", "matched", "status", "probe_result", "status",
          "action_started", "action_done", "status", "verified", "status", "alerts", "status");
    }
  }

  @Test
  void failedVerificationEscalatesWhenItsWindowCloses() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE)) {
      String id = h.open(Map.of());
      h.runDue();

      for (int minute = 0; minute < 16; minute++) {
        h.clock.advance(Duration.ofSeconds(61));
        h.runDue();
      }

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id))
          .contains("verify_failed: 'result.ready_ratio >= 1.0' did not hold within 15m")
          .contains("trigger page to log (P1) delivered: logged");
    }
  }

  @Test
  void verificationIsNotDueBeforeItsInterval() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE)) {
      String id = h.open(Map.of());
      h.runDue();
      makeAllPodsReady(h);

      h.clock.advance(Duration.ofSeconds(30));
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);
    }
  }

  @Test
  void failingActionEscalatesWithItsReason() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE)) {
      String id = h.open(Map.of("deployment", "ghost"));

      h.runDue();
      h.clock.advance(Duration.ofSeconds(61));
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.kinds(id)).contains("probe_failed", "action_failed", "paged");
      assertThat(h.messages(id)).contains("escalated: action_failed");
    }
  }

  @Test
  void labelCraftedToEscapeIsRefusedBeforeAnyCall() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE)) {
      String id = h.open(Map.of("deployment", "../../kube-system/x"));

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
      assertThat(h.messages(id))
          .contains("probe rollouts (k8s.rollout_history) failed: refused parameter deployment")
          .contains("action raise_pool failed: refused parameter deployment");
    }
  }

  @Test
  void probeThatHangsTimesOutAndTheActionNeedingItDoesNotRun() throws Exception {
    String rule = RULE.replace("""
        - id: rollouts
          probe: k8s.rollout_history
          params:
            namespace: nba-mcp
            deployment: {expr: "alert.labels.deployment"}
      """, """
        - id: slow
          probe: test.hang
          timeout: 1s
      """).replace("when: \"probes.pods.oom_killed > 0\"", "when: \"probes.pods.oom_killed > 0\"\n    needs: [pods, slow]");
    try (EngineHarness h = harness(Mode.ENFORCE, rule)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.messages(id))
          .contains("probe slow (test.hang) failed: timed out after 1000 ms")
          .contains("action raise_pool skipped: needs the result of probe slow, which did not answer")
          .contains("probe pods: ");
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.cluster.mutatingRequests()).isEmpty();
      List<String> kinds = h.kinds(id);
      assertThat(kinds.indexOf("probe_result"))
          .as("the other probe answered while the hung one was still waiting")
          .isLessThan(kinds.indexOf("probe_failed"));
    }
  }

  @Test
  void dryRunPlansWithResolvedParametersAndSendsNothing() throws Exception {
    try (EngineHarness h = harness(Mode.DRY_RUN, RULE)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      String planned = h.timeline(id).stream().filter(e -> e.kind().equals("action_planned")).findFirst()
          .orElseThrow().data().orElseThrow();
      assertThat(planned).contains("\"deployment\":\"nba-mcp\"").contains("\"DB_POOL_SIZE\":\"50\"");
      assertThat(h.messages(id)).contains("mode dry-run: 1 actions planned, none run");
    }
  }

  @Test
  void observeRunsProbesOnly() throws Exception {
    try (EngineHarness h = harness(Mode.OBSERVE, RULE)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
      assertThat(h.kinds(id)).contains("probe_result", "remediation_skipped").doesNotContain("action_planned");
    }
  }

  @Test
  void ruleCanAskForAStricterModeButNotALooserOne() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, "mode: dry-run\n" + RULE)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
      assertThat(h.kinds(id)).contains("action_planned");
    }
    try (EngineHarness h = harness(Mode.DRY_RUN, "mode: enforce\n" + RULE)) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }

  @Test
  void conditionThatDoesNotHoldSkipsTheActionAndEscalates() throws Exception {
    try (EngineHarness h = harness(Mode.ENFORCE, RULE.replace("oom_killed > 0", "oom_killed > 5"))) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.cluster.mutatingRequests()).isEmpty();
      assertThat(h.messages(id))
          .contains("action raise_pool skipped: condition 'probes.pods.oom_killed > 5' is false")
          .contains("no_action: no remediation step applies");
    }
  }

  static Map<String, String> envOf(EngineHarness h) {
    Map<String, String> env = new java.util.HashMap<>();
    h.cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT).getSpec().getTemplate().getSpec()
        .getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  static void makeAllPodsReady(EngineHarness h) {
    List<Pod> pods = h.cluster.client().pods().inNamespace(Seed.NAMESPACE).list().getItems();
    for (Pod pod : pods) {
      pod.getStatus().getContainerStatuses().forEach(cs -> cs.setReady(true));
      pod.getStatus().getConditions().forEach(c -> {
        if (c.getType().equals("Ready")) {
          c.setStatus("True");
        }
      });
      h.cluster.client().pods().inNamespace(Seed.NAMESPACE).resource(pod).update();
    }
    h.cluster.clearRequests();
  }
}
