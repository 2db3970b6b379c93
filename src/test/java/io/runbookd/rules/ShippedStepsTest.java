package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.incident.Priority;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The steps of the shipped rules, as the seed's runbooks describe them. */
class ShippedStepsTest {

  private static final Map<String, ParamValue> NBA_MCP =
      Map.of(
          "namespace", new ParamValue.Literal("nba-mcp"),
          "deployment", new ParamValue.Literal("nba-mcp"));
  private static final Map<String, ParamValue> NBA_MCP_PODS =
      Map.of(
          "namespace", new ParamValue.Literal("nba-mcp"),
          "selector", new ParamValue.Literal("app=nba-mcp"));

  private static RuleSet rules;

  @BeforeAll
  static void load() {
    LoadResult result = new RuleLoader(ShippedCatalog.get()).load(Path.of("rules"));
    assertThat(result.lines()).isEmpty();
    rules = result.ruleSet().orElseThrow();
  }

  @Test
  void highErrorRateRunsTheRunbooksInvestigation() {
    Steps steps = steps("RB-101");

    assertThat(steps.mode()).isEmpty();
    assertThat(steps.diagnose())
        .extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(
            tuple("rollouts", "k8s.rollout_history"),
            tuple("logs", "k8s.pod_logs"),
            tuple("pods", "k8s.pod_status"),
            tuple("top", "k8s.top_pods"),
            tuple("events", "k8s.events"),
            tuple("health", "http.get"),
            tuple("errors", "sql.query"),
            tuple("error_rate", "prometheus.query"));
    assertThat(steps.probe("rollouts").orElseThrow().params())
        .containsAllEntriesOf(NBA_MCP)
        .containsEntry("limit", new ParamValue.Literal(5L));
    assertThat(steps.probe("pods").orElseThrow().params()).isEqualTo(NBA_MCP_PODS);
  }

  @Test
  void highErrorRateAppliesTheRunbooksFixesRolloutsFirst() {
    Steps steps = steps("RB-101");

    assertThat(steps.remediate())
        .extracting(ActionStep::id, ActionStep::action, ActionStep::approval)
        .containsExactly(
            tuple("cache_fallback", "k8s.set_env", false),
            tuple("raise_pool", "k8s.set_env", false),
            tuple("evict_leaking", "k8s.evict_pod", false));
    assertThat(steps.action("raise_pool").orElseThrow().params())
        .containsAllEntriesOf(NBA_MCP)
        .containsEntry("env", new ParamValue.Literal(Map.of("DB_POOL_SIZE", "50")));
    assertThat(steps.action("cache_fallback").orElseThrow().params())
        .containsEntry("env", new ParamValue.Literal(Map.of("USE_CACHE_FALLBACK", "true")));
    assertThat(steps.action("evict_leaking").orElseThrow().params().get("pod"))
        .isInstanceOf(ParamValue.Expr.class);
    assertThat(steps.remediate()).allSatisfy(a -> assertThat(a.when()).isPresent());
  }

  @ParameterizedTest(name = "oom={0} restarts={1} ready={2} memory={3} nba_api={4} -> {5}")
  @CsvSource({
    "0, 0, 1.0, 0.5, ok, raise_pool", // A. pool exhaustion: healthy pods answering with errors
    "0, 3, 0.5, 0.6, ok, raise_pool",
    "2, 0, 1.0, 0.5, ok, evict_leaking", // B. memory leak: OOM kills
    "0, 0, 1.0, 0.95, ok, evict_leaking", // B. a pod near its memory limit
    "1, 7, 0.2, 0.5, down, cache_fallback", // C's rollout replaces the leaking pod too
    "0, 0, 1.0, 0.95, down, cache_fallback", // a leak and the API down: the fallback, no eviction
    "0, 0, 1.0, 0.5, down, cache_fallback", // C. the external API fails
    "0, 4, 0.8, 0.5, ok, none", // crash loop without a known cause: a human looks
    "0, 0, 0.2, 0.5, ok, none", // pods not ready yet not crashing: a human looks
  })
  void highErrorRateAppliesOneFixPerCauseWithoutTwoOnTheSamePods(long oomKilled, long maxRestarts, double readyRatio,
      double memory, String nbaApi, String expected) throws Exception {
    Alert alert = TestAlerts.fromWebhook(Path.of("examples", "high-error-rate.json")).get(0);
    Map<String, Map<String, Object>> probes = Map.of(
        "pods", Map.of("oom_killed", oomKilled, "max_restarts", maxRestarts, "ready_ratio", readyRatio),
        "top", Map.of("max_memory_ratio", memory, "max_memory_pod", "nba-mcp-1"),
        "health", Map.of("fields", Map.of("nba_api", nbaApi)));
    StepContext context = new StepContext(alert, probes, Map.of(), Optional.empty());

    List<String> applies = new ArrayList<>();
    for (ActionStep action : steps("RB-101").remediate()) {
      if (action.when().orElseThrow().test(context)) {
        applies.add(action.id());
      }
    }

    assertThat(applies).isEqualTo(expected.equals("none") ? List.of() : List.of(expected));
  }

  @Test
  void highErrorRateVerifiesTheErrorRateStaysBelowOnePercentForFifteenMinutes() {
    VerifyStep verify = steps("RB-101").verify().orElseThrow();

    assertThat(verify.probe()).isEqualTo("prometheus.query");
    assertThat(((ParamValue.Literal) verify.params().get("query")).value().toString())
        .startsWith("sum(rate(http_requests_total{namespace=\"nba-mcp\", status=~\"5..\"}[5m]))");
    assertThat(verify.condition().source()).isEqualTo("result.value < 0.01");
    assertThat(verify.holdFor()).isEqualTo(Duration.ofMinutes(15));
    assertThat(verify.missing()).isEqualTo(VerifyStep.Missing.ZERO);
    assertThat(verify.within()).isEqualTo(Duration.ofMinutes(45));
    assertThat(verify.every()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void databaseDegradationRunsTheRunbooksInvestigation() {
    assertThat(steps("RB-102").diagnose())
        .extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(
            tuple("slow", "sql.query"),
            tuple("blocking", "sql.query"),
            tuple("long_tx", "sql.query"),
            tuple("connections", "sql.query"),
            tuple("rds_cpu", "aws.cloudwatch_metric"));
  }

  @Test
  void dataDriftReadsTheReportAndTheScores() {
    assertThat(steps("RB-103").diagnose())
        .extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(
            tuple("drift_report", "http.get"),
            tuple("drift_scores", "prometheus.query"),
            tuple("feature", "prometheus.query"));
  }

  @Test
  void everyShippedRulePagesThroughThePolicyAtItsPriority() {
    assertThat(rules.rules())
        .extracting(Rule::id, r -> r.steps().escalate())
        .containsExactly(
            tuple("RB-001", escalation(Priority.P1)),
            tuple("RB-002", escalation(Priority.P2)),
            tuple("RB-101", escalation(Priority.P1)),
            tuple("RB-102", escalation(Priority.P1)),
            tuple("RB-103", escalation(Priority.P2)),
            tuple("RB-201", escalation(Priority.P2)),
            tuple("RB-202", escalation(Priority.P3)));
    assertThat(steps("RB-102").remediate()).extracting(ActionStep::id)
        .containsExactly("terminate_blocker", "index_games_season", "read_replica", "resize");
    assertThat(steps("RB-102").action("index_games_season").orElseThrow().approval()).isTrue();
    assertThat(steps("RB-103").remediate()).extracting(ActionStep::id).containsExactly("retrain");
  }

  @Test
  void schemaListsEveryTriggerAndMode() throws IOException {
    JsonNode schema;
    try (InputStream in = RuleSchema.class.getResourceAsStream(RuleSchema.RESOURCE)) {
      schema = new ObjectMapper().readTree(in);
    }
    JsonNode properties = schema.path("properties");

    assertThat(texts(properties.at("/escalate/properties/on/items/enum")))
        .isEqualTo(EscalationParser.triggerNames());
    assertThat(texts(properties.at("/mode/enum")))
        .isEqualTo(List.of(Mode.values()).stream().map(Mode::wire).toList());
  }

  private static Escalation escalation(Priority priority) {
    return new Escalation(
        Optional.of(priority), List.of(), Set.of(Escalation.Trigger.values()));
  }

  private static Steps steps(String id) {
    return rules.byId(id).orElseThrow().steps();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }
}
