package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.runbookd.alert.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RB-202's steps: the first Monday's slot, what it reads, when the HPA patch may run (a usable
 * recommendation that differs from the autoscaler's bounds, after approval), and its report.
 */
class CapacityPlanningStepsTest {
  private static final Alert NONE =
      new Alert(Alert.Status.FIRING, Map.of(), Map.of(), Instant.EPOCH, Optional.empty(), "", "");
  private static Rule rule;

  @BeforeAll
  static void load() {
    rule = ShippedCatalog.rule("RB-202");
  }

  @Test
  void runsTheFirstMondayOfEachMonthAndByHand() {
    assertThat(rule.match()).isEmpty();
    assertThat(rule.triggers().schedules()).singleElement().satisfies(s -> {
      assertThat(s.describe()).isEqualTo("the first Monday of each month at 09:00 UTC, for 4 hours");
      assertThat(s.nextAfter(Instant.parse("2025-10-08T12:00:00Z")).orElseThrow().start())
          .isEqualTo(Instant.parse("2025-11-03T09:00:00Z"));
    });
    assertThat(rule.triggers().manual().orElseThrow().params()).extracting(ManualParam::name, ManualParam::required)
        .containsExactly(tuple("per_pod", false), tuple("headroom", false));
  }

  @Test
  void readsSixMonthsOfSeriesTheTablesTheCostAndTheAutoscaler() {
    assertThat(rule.steps().diagnose()).extracting(ProbeStep::id, ProbeStep::probe).containsExactly(
        tuple("requests", "prometheus.query_range"), tuple("users", "prometheus.query_range"),
        tuple("data_size", "prometheus.query_range"), tuple("tables", "sql.query"),
        tuple("cpu", "prometheus.query_range"), tuple("memory", "prometheus.query_range"),
        tuple("per_pod_load", "prometheus.query_range"), tuple("cost", "aws.cost_and_usage"),
        tuple("hpa", "k8s.hpa"));
    assertThat(rule.steps().diagnose()).filteredOn(p -> p.probe().equals("prometheus.query_range"))
        .allSatisfy(p -> assertThat(p.params()).containsEntry("range", new ParamValue.Literal("180d"))
            .containsEntry("step", new ParamValue.Literal("1d")));
  }

  @Test
  void aScheduledRunTakesTheDefaultCapacityAndAManualRunItsOwn() throws Exception {
    ProbeStep requests = rule.steps().diagnose().get(0);
    Expression perPod = ((ParamValue.Expr) requests.params().get("per_pod")).expression();

    assertThat(perPod.evaluate(new StepContext(NONE, Map.of(), Map.of(), Optional.empty(), Map.of())))
        .isEqualTo(40.0);
    assertThat(perPod.evaluate(new StepContext(NONE, Map.of(), Map.of(), Optional.empty(),
        Map.of("per_pod", 55.0, "headroom", 0.2)))).isEqualTo(55.0);
  }

  @Test
  void patchesTheAutoscalerOnlyAfterApprovalToAUsableRecommendationThatDiffers() throws Exception {
    ActionStep patch = rule.steps().action("scaling_policy").orElseThrow();

    assertThat(patch.action()).isEqualTo("k8s.patch_hpa");
    assertThat(patch.approval()).isTrue();
    assertThat(patch.when().orElseThrow().test(context(true, 8, 10, 2, 10))).isTrue();
    assertThat(patch.when().orElseThrow().test(context(false, 0, 0, 2, 10))).as("no recommendation").isFalse();
    assertThat(patch.when().orElseThrow().test(context(true, 2, 10, 2, 10))).as("already so").isFalse();
    assertThat(patch.when().orElseThrow().test(new StepContext(NONE, Map.of("requests", requests(true, 8, 10),
        "hpa", Map.of("hpas", List.of())), Map.of(), Optional.empty()))).as("no autoscaler").isFalse();
  }

  @Test
  void leavesAReportWithAChartPerSeriesTheTablesTheCostAndThePolicy() {
    ReportSpec report = rule.steps().report().orElseThrow();

    assertThat(report.title()).isEqualTo("Monthly capacity report");
    assertThat(report.sections()).extracting(ReportSpec.Section::heading).containsExactly("Request rate",
        "Active users", "Data size", "Largest tables", "CPU per pod", "Memory per pod", "Load per pod", "Costs",
        "Scaling policy");
    assertThat(report.sections()).filteredOn(s -> s.chart().isPresent()).hasSize(6);
  }

  private static StepContext context(boolean usable, long min, long max, long hpaMin, long hpaMax) {
    Map<String, Object> hpa = Map.of("name", "nba-mcp-autoscaler", "min_replicas", hpaMin, "max_replicas", hpaMax);
    return new StepContext(NONE, Map.of("requests", requests(usable, min, max), "hpa", Map.of("hpas", List.of(hpa))),
        Map.of(), Optional.empty());
  }

  private static Map<String, Object> requests(boolean usable, long min, long max) {
    return Map.of("forecast", Map.of("recommendation",
        Map.of("usable", usable, "min_replicas", min, "max_replicas", max, "reason", "r")));
  }
}
