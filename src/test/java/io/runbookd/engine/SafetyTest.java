package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.runbookd.actions.Action;
import io.runbookd.actions.http.HttpPost;
import io.runbookd.config.Mode;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingPost;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The promises a mutating step keeps when things go wrong: one test per way they used not to. */
class SafetyTest {
  private static final String POOL_FIX = """
      id: RB-V
      title: verify windows
      match:
        alertname: HighErrorRate
      remediate:
        - id: raise_pool
          action: k8s.set_env
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
      verify:
        probe: prometheus.query
        params: {query: 'error_ratio'}
        condition: result.value < 0.01
        within: 10m
      """;

  @TempDir Path dir;
  private WireMockServer wire;

  @BeforeEach
  void start() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
  }

  @AfterEach
  void stop() {
    wire.stop();
  }

  private EngineHarness harness(StoreKind kind, String rule, UnaryOperator<List<Action<?>>> actions)
      throws Exception {
    return new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, List.of(rule), actions, URI.create(wire.baseUrl()));
  }

  /** Prometheus answers each query with the next of these ratios ({@code null}: no series). */
  private void ratios(Double... values) {
    for (int i = 0; i < values.length; i++) {
      String result = values[i] == null ? "[]" : "[{\"metric\":{},\"value\":[1760270400," + "\"" + values[i] + "\"]}]";
      wire.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("ratios")
          .whenScenarioStateIs(state(i))
          .willReturn(aResponse().withHeader("Content-Type", "application/json")
              .withBody("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}"))
          .willSetStateTo(state(Math.min(i + 1, values.length - 1))));
    }
  }

  private static String state(int i) {
    return i == 0 ? Scenario.STARTED : "r" + i;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aFixIsVerifiedOnlyWhenEveryReadingHeldForTheWholeWindow(StoreKind kind) throws Exception {
    ratios(0.005, 0.02, 0.004, 0.003, 0.002, 0.001);
    String rule = POOL_FIX.replace("  condition: result.value < 0.01",
        "  condition: result.value < 0.01\n  for: 3m\n  every: 1m").replace("within: 10m", "within: 20m");
    try (EngineHarness h = harness(kind, rule, UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      h.resolve("00000000000000aa", Map.of());

      List<IncidentStatus> seen = new ArrayList<>();
      for (int minute = 0; minute < 6; minute++) {
        h.clock.advance(Duration.ofMinutes(1));
        h.runDue();
        seen.add(h.status(id));
      }

      assertThat(seen).as(h.messages(id)).containsExactly(IncidentStatus.VERIFYING, IncidentStatus.VERIFYING,
          IncidentStatus.VERIFYING, IncidentStatus.VERIFYING, IncidentStatus.VERIFYING, IncidentStatus.RESOLVED);
      assertThat(h.messages(id)).contains("verify_reset").contains("verified 'result.value < 0.01' for 3m");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anAnswerWithoutDataVerifiesOnlyWhenTheRuleReadsItAsZero(StoreKind kind) throws Exception {
    ratios((Double) null);
    try (EngineHarness fails = harness(kind, POOL_FIX.replace("within: 10m", "within: 3m"),
        UnaryOperator.identity())) {
      String id = fails.open(Map.of());
      fails.runDue();
      fails.clock.advance(Duration.ofMinutes(1));
      fails.runDue();
      assertThat(fails.status(id)).isEqualTo(IncidentStatus.VERIFYING);
      assertThat(fails.messages(id)).contains("counts as not verified");
    }
    try (EngineHarness zero = new EngineHarness(kind.config(dir.resolve("zero")), dir.resolve("zero"),
        Mode.ENFORCE, List.of(POOL_FIX.replace("  condition: result.value < 0.01",
            "  condition: result.value < 0.01\n  missing: zero")), UnaryOperator.identity(),
        URI.create(wire.baseUrl()))) {
      String id = zero.open(Map.of());
      zero.runDue();
      zero.clock.advance(Duration.ofMinutes(1));
      zero.runDue();
      assertThat(zero.status(id)).as(zero.messages(id)).isEqualTo(IncidentStatus.VERIFIED);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPostThatTimedOutIsNotPostedAgainBlindly(StoreKind kind) throws Exception {
    wire.stubFor(post(urlEqualTo("/retrain")).willReturn(aResponse().withStatus(202).withFixedDelay(3_000)));
    String rule = """
        id: RB-P
        title: post
        match:
          alertname: HighErrorRate
        remediate:
          - id: retrain
            action: http.post
            params: {url: 'http://127.0.0.1:%d/retrain', body: {model: m}, timeout: 1s}
        """.formatted(wire.port());
    try (EngineHarness h = harness(kind, rule, actions -> with(actions,
        new HttpPost(new AllowedHosts(List.of("127.0.0.1")), new BlockingPost(Duration.ofSeconds(1),
            java.time.Clock.systemUTC()))))) {
      String id = h.open(Map.of());
      h.runDue();
      for (int minute = 0; minute < 3; minute++) {
        h.clock.advance(Duration.ofMinutes(1));
        h.runDue();
      }

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> wire.findAll(postRequestedFor(urlEqualTo("/retrain"))).size() == 1);
      Thread.sleep(500);
      assertThat(wire.findAll(postRequestedFor(urlEqualTo("/retrain")))).as(h.messages(id)).hasSize(1);
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("outcome_unknown").contains("not safe to repeat");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anEvictionItsBudgetRefusesIsTriedAgainThenEscalatedWithTheReason(StoreKind kind) throws Exception {
    String rule = """
        id: RB-E
        title: evict
        match:
          alertname: HighErrorRate
        remediate:
          - id: evict
            action: k8s.evict_pod
            params: {namespace: nba-mcp, pod: %s, max_unavailable_ratio: 0.67}
        """.formatted(firstPod());
    try (EngineHarness h = harness(kind, rule, UnaryOperator.identity())) {
      budget(h.cluster, 0);
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ACTING);

      for (int minute = 0; minute < 17; minute++) {
        h.clock.advance(Duration.ofMinutes(1));
        h.runDue();
      }

      assertThat(h.cluster.evictions().size()).as(h.messages(id)).isBetween(7, 9);
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("refused for now").contains("still refused after 15 min");
    }
  }

  private static String firstPod() {
    try (MockCluster probe = MockCluster.start()) {
      return probe.client().pods().inNamespace("nba-mcp").list().getItems().get(0).getMetadata().getName();
    }
  }

  private static void budget(MockCluster cluster, int allowed) {
    String yaml = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: nba-mcp-pdb, namespace: nba-mcp}
        spec: {minAvailable: 2, selector: {matchLabels: {app: nba-mcp}}}
        status: {disruptionsAllowed: %d, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3}
        """.formatted(allowed);
    HasMetadata pdb = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    cluster.client().resource(pdb).inNamespace("nba-mcp").create();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theTargetStaysLockedWhileTheFixIsVerifiedAndIsReleasedWhenTheIncidentEnds(StoreKind kind) throws Exception {
    ratios(0.5);
    String rule = POOL_FIX.replace("within: 10m", "within: 2h\n  every: 10m");
    try (EngineHarness h = harness(kind, rule, UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      h.clock.advance(Duration.ofMinutes(90));
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);
      assertThat(h.incidents().holds(id).locks()).containsExactly("kubernetes:deployment/nba-mcp/nba-mcp");
      h.clock.advance(Duration.ofMinutes(40));
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.incidents().holds(id).locks()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStepRecoveredAfterACrashIsStillRolledBack(StoreKind kind) throws Exception {
    ratios(0.5);
    AtomicReference<EngineHarness> self = new AtomicReference<>();
    String rule = POOL_FIX.replace("within: 10m", "within: 5m");
    try (EngineHarness h = harness(kind, rule, actions -> crashingSetEnv(actions, self))) {
      self.set(h);
      String id = h.open(Map.of());
      try {
        h.runDue();
      } catch (io.runbookd.store.StoreException storeGone) {
        // the process lost its store right after the change: the crash
      }
      h.restart();
      h.clock.advance(Duration.ofSeconds(31));
      h.runDue();
      assertThat(EngineLifecycleTest.envOf(h)).containsEntry("DB_POOL_SIZE", "50");

      h.clock.advance(Duration.ofMinutes(6));
      h.runDue();

      assertThat(h.messages(id)).contains("re-reading the target").contains("undo_done");
      assertThat(EngineLifecycleTest.envOf(h)).as("back to what it was before the change")
          .containsEntry("DB_POOL_SIZE", "20");
    }
  }

  private static List<Action<?>> crashingSetEnv(List<Action<?>> actions, AtomicReference<EngineHarness> self) {
    List<Action<?>> out = new ArrayList<>();
    for (Action<?> a : actions) {
      out.add(a.name().equals("k8s.set_env") ? crashOnce(a, self) : a);
    }
    return out;
  }

  private static <P> Action<P> crashOnce(Action<P> action, AtomicReference<EngineHarness> self) {
    java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
    return new CrashingAction<>(action, () -> {
      if (!crashed.getAndSet(true)) {
        self.get().store.close();
      }
    });
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anApprovedStepReadsItsProbesAgainAndDoesNotActOnWhatWasTrueBefore(StoreKind kind) throws Exception {
    String rule = """
        id: RB-A
        title: approve later
        match:
          alertname: HighErrorRate
        diagnose:
          - id: pods
            probe: k8s.pod_status
            params: {namespace: nba-mcp, selector: app=nba-mcp}
        remediate:
          - id: raise_pool
            action: k8s.set_env
            approval: required
            when: probes.pods.ready_ratio < 1.0
            params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
        """;
    try (EngineHarness h = harness(kind, rule, UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      EngineLifecycleTest.makeAllPodsReady(h);
      h.clock.advance(Duration.ofMinutes(25));

      h.decide(id, "approved", "alice");
      h.runDue();

      assertThat(h.messages(id)).contains("probes_refreshed").contains("condition 'probes.pods.ready_ratio < 1.0' is false");
      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anEscalationAfterFailedProbesSaysTheDiagnosisFailedAndWhichProbes(StoreKind kind) throws Exception {
    String rule = """
        id: RB-D
        title: diagnosis
        match:
          alertname: HighErrorRate
        diagnose:
          - id: pods
            probe: k8s.pod_status
            params: {namespace: nba-mcp, selector: app=nba-mcp}
          - id: rate
            probe: prometheus.query
            params: {query: 'error_ratio'}
        remediate:
          - id: raise_pool
            action: k8s.set_env
            when: probes.rate.value > 0.05
            params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
        """;
    wire.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(503)));
    try (EngineHarness h = harness(kind, rule, UnaryOperator.identity())) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("escalated: diagnosis_failed: 1 of 2 probes failed: rate (")
          .doesNotContain("no_action");
    }
  }

  private static List<Action<?>> with(List<Action<?>> actions, Action<?> extra) {
    List<Action<?>> out = new ArrayList<>(actions);
    out.add(extra);
    return out;
  }

  static Pod pod(EngineHarness h, String name) {
    return h.cluster.client().pods().inNamespace("nba-mcp").withName(name).get();
  }
}
