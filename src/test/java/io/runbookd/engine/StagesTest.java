package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.PageRow;
import io.runbookd.store.PageStore;
import io.runbookd.store.RunStore;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A runbook in stages, with the clock moved by the test: a shadow stage whose gate must hold for
 * 24 hours, an approval, then a promotion watched for an hour. Prometheus is a WireMock stub
 * speaking its query API; the actions change a Deployment in fabric8's mock cluster.
 */
class StagesTest {
  static final String RULE = """
      id: RB-S
      title: shadow, approve, promote
      priority: P2
      manual: {}
      stages:
        - id: shadow
          actions:
            - id: shadow_on
              action: k8s.set_env
              params: {namespace: nba-mcp, deployment: nba-mcp, env: {SHADOW_MODEL: "v2"}}
          gate:
            for: 24h
            every: 1h
            checks:
              - id: agreement
                probe: prometheus.query
                params: {query: shadow_agreement}
                condition: result.value > 0.95
              - id: latency
                probe: prometheus.query
                params: {query: p99_latency}
                condition: result.value < 0.1
        - id: approve
          gate:
            approval: required
            within: 12h
        - id: promote
          actions:
            - id: promote_env
              action: k8s.set_env
              params: {namespace: nba-mcp, deployment: nba-mcp, env: {MODEL: "v2"}}
          gate:
            for: 1h
            every: 15m
            checks:
              - id: errors
                probe: prometheus.query
                params: {query: error_ratio}
                condition: result.value < 0.01
      escalate:
        priority: P1
      """;

  @TempDir Path dir;
  private WireMockServer wire;

  @BeforeEach
  void start() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    reads("shadow_agreement", 0.99);
    reads("p99_latency", 0.05);
    reads("error_ratio", 0.001);
  }

  @AfterEach
  void stop() {
    wire.stop();
  }

  /** Prometheus answers {@code query} with {@code value} from now on. */
  private void reads(String query, double value) {
    wire.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(query))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[1760270400,\"" + value + "\"]}]}}")));
  }

  private EngineHarness harness(StoreKind kind, Mode mode) throws Exception {
    return new EngineHarness(kind.config(dir), dir, mode, List.of(RULE), UnaryOperator.identity(),
        URI.create(wire.baseUrl()));
  }

  private static String run(EngineHarness h) {
    return new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P2", "manual", "run-1", "alice", Map.of(), Optional.empty()));
  }

  /** Moves the clock {@code hours} hours, running whatever falls due every 15 minutes. */
  private static List<IncidentStatus> hours(EngineHarness h, String id, int hours) throws Exception {
    List<IncidentStatus> seen = new ArrayList<>();
    for (int quarter = 0; quarter < hours * 4; quarter++) {
      h.clock.advance(Duration.ofMinutes(15));
      h.runDue();
      seen.add(h.status(id));
    }
    return seen;
  }

  private static Optional<String> env(EngineHarness h, String name) {
    return h.cluster.deployment("nba-mcp", "nba-mcp").getSpec().getTemplate().getSpec().getContainers().get(0)
        .getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
  }

  /** The reason recorded with the incident's latest status change. */
  private static String reason(EngineHarness h, String id) throws Exception {
    List<io.runbookd.incident.TimelineEntry> lines = h.timeline(id).stream()
        .filter(e -> e.kind().equals("status")).toList();
    return lines.get(lines.size() - 1).message();
  }

  private static long readings(EngineHarness h, String id) throws Exception {
    return h.kinds(id).stream().filter("gate_reading"::equals).count();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aGateThatHoldsFor24HoursAsksForApprovalThenPromotes(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
      assertThat(env(h, "SHADOW_MODEL")).contains("v2");
      assertThat(h.messages(id)).contains("stage shadow: 2 checks (agreement, latency) must hold for 24h, read every 1h");

      List<IncidentStatus> day = hours(h, id, 23);
      assertThat(day).containsOnly(IncidentStatus.VERIFYING);
      assertThat(readings(h, id)).isEqualTo(23);
      assertThat(h.messages(id)).contains("holds, after 23h of 24h; next look at");

      hours(h, id, 1);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      assertThat(h.messages(id)).contains("stage shadow gate: held for 24h (24 readings)")
          .contains("stage approve waits for approval until")
          .contains(": stage promote: promote_env (k8s.set_env) (the runbook's gate before stage promote)");
      assertThat(env(h, "MODEL")).isEmpty();

      assertThat(h.decide(id, "approved", "bob")).containsExactly("gate:approve");
      h.runDue();
      assertThat(env(h, "MODEL")).contains("v2");
      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);

      hours(h, id, 1);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
      assertThat(reason(h, id))
          .isEqualTo("resolved: all 3 stages passed (2 actions run)");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aBreachAtHourThreeRollsBackAndPagesWithTheEvidence(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 2);
      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);

      reads("shadow_agreement", 0.91);
      hours(h, id, 1);

      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(env(h, "SHADOW_MODEL")).as("the shadow setting is taken back").isEmpty();
      String reason = reason(h, id);
      assertThat(reason).startsWith("escalated: gate_failed: stage shadow: the gate broke after 3h of 24h (reading 3)")
          .contains("agreement: 'result.value > 0.95' does not hold").contains("0.91")
          .contains("rolled back: shadow_on");
      PageRow page = page(h, id);
      assertThat(page.priority()).isEqualTo("P1");
      assertThat(readings(h, id)).isEqualTo(3);
      assertThat(h.guards().approvals(id)).isEmpty();
    }
  }

  private static PageRow page(EngineHarness h, String id) {
    long pageId = h.store.write(tx -> h.incidents().pageOf(tx, id)).orElseThrow();
    return new PageStore(h.store).page(pageId).orElseThrow();
  }

  @Test
  void aRestartInTheMiddleResumesTheGateWithoutStartingItAgain() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 10);
      h.restart();
      h.clock.advance(Duration.ofHours(2));
      h.runDue();
      assertThat(h.messages(id)).contains("after 12h of 24h");
      hours(h, id, 12);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      assertThat(h.messages(id)).contains("held for 24h (23 readings)");
    }
  }

  @Test
  void anApprovalNobodyGivesEndsTheRunAndRollsBack() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 24);
      assertThat(h.status(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      hours(h, id, 12);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(reason(h, id))
          .startsWith("escalated: approval_timeout: stage approve: nobody approved stage promote");
      assertThat(env(h, "SHADOW_MODEL")).isEmpty();
      assertThat(env(h, "MODEL")).isEmpty();
    }
  }

  @Test
  void aDeniedPromotionRollsBackTheShadow() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 24);
      h.decide(id, "denied", "carol");
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(reason(h, id))
          .contains("gate_failed: stage approve: stage promote: promote_env (k8s.set_env) was denied by carol");
      assertThat(env(h, "SHADOW_MODEL")).isEmpty();
    }
  }

  @Test
  void aFailureAfterPromotionTakesBothStagesBack() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 24);
      h.decide(id, "approved", "bob");
      h.runDue();
      reads("error_ratio", 0.2);
      hours(h, id, 1);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(env(h, "MODEL")).isEmpty();
      assertThat(env(h, "SHADOW_MODEL")).isEmpty();
      assertThat(reason(h, id))
          .contains("stage promote: the gate broke after 15m of 1h")
          .contains("rolled back: promote_env").contains("shadow_on");
    }
  }

  @Test
  void aDryRunPlansEveryStageReadsEachGateOnceAndWaitsForNothing() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.DRY_RUN)) {
      String id = run(h);
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("dry-run: read once, not watched for 24h; it would hold now")
          .contains("dry-run: would wait up to 12h for approval of: stage promote")
          .contains("mode dry-run: 2 actions planned over 3 stages, none run");
      assertThat(env(h, "SHADOW_MODEL")).isEmpty();
      assertThat(h.guards().approvals(id)).isEmpty();
    }
  }

  @Test
  void aDrillActsOnNothingAndPagesNobody() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
          h.rule.title(), "P2", "drill", "drill-1", "alice", Map.of(), Optional.empty()));
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(reason(h, id)).contains("mode dry-run: 2 actions planned over 3 stages, none run")
          .endsWith("not paged: a drill pages nobody, its result is recorded with the runbook");
      Optional<Long> page = h.store.write(tx -> h.incidents().pageOf(tx, id));
      assertThat(page).isEmpty();
      assertThat(env(h, "SHADOW_MODEL")).isEmpty();
    }
  }

  @Test
  void threeUnreadableLooksInARowFailTheGate() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.ENFORCE)) {
      String id = run(h);
      h.runDue();
      hours(h, id, 1);
      wire.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("p99_latency"))
          .willReturn(aResponse().withStatus(503)));
      hours(h, id, 2);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
      hours(h, id, 1);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(reason(h, id))
          .contains("the gate could not be read 3 times in a row after 4h of 24h")
          .contains("latency: probe unreadable").contains("rolled back: shadow_on undone");
    }
  }
}
