package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.runbookd.alert.Alert;
import io.runbookd.incident.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RB-001's shape: a run by hand with an MLflow model and version number, a shadow stage watched
 * for 24 hours, an approval, a promotion verified and watched for an hour, and a rollback that
 * must find the previous version served again.
 */
class ModelDeploymentStepsTest {
  private static final Alert NONE =
      new Alert(Alert.Status.FIRING, Map.of(), Map.of(), Instant.EPOCH, Optional.empty(), "", "");
  private static final Map<String, Object> PARAMS = Map.of("model", "nba_win_predictor", "version", "2");
  private static Rule rule;

  @BeforeAll
  static void load() {
    rule = ShippedCatalog.rule("RB-001");
  }

  @Test
  void isStartedByHandWithAModelAndItsMlflowVersionNumber() {
    ManualParams manual = rule.triggers().manual().orElseThrow();

    assertThat(rule.match()).isEmpty();
    assertThat(rule.triggers().schedules()).isEmpty();
    assertThat(manual.params()).extracting(ManualParam::name).containsExactly("model", "version");
    assertThat(manual.params()).allMatch(ManualParam::required);
    assertThat(manual.bind(Map.of("model", "nba_win_predictor", "version", "4")).problems()).isEmpty();
    assertThat(rule.drill().params()).containsEntry("version", "2");
  }

  @ParameterizedTest(name = "version {0} is refused")
  @CsvSource({"2.0.0", "v2", "0", "latest", "'4 '"})
  void refusesASemanticVersionOrAnythingButAVersionNumberWhenTheRunStarts(String version) {
    ManualParams manual = rule.triggers().manual().orElseThrow();

    assertThat(manual.bind(Map.of("model", "nba_win_predictor", "version", version)).problems())
        .singleElement().asString().startsWith("version: ");
  }

  @Test
  void refusesAModelNameThatIsNotOne() {
    ManualParams manual = rule.triggers().manual().orElseThrow();

    assertThat(manual.bind(Map.of("model", "../models", "version", "4")).problems())
        .singleElement().asString().startsWith("model: ");
  }

  @Test
  void shadowsForADayThenAsksThenPromotesAndWatchesForAnHour() {
    assertThat(rule.steps().diagnose()).extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(tuple("current", "mlflow.model_version"));
    assertThat(rule.steps().stages()).extracting(Stage::id).containsExactly("shadow", "approve", "promote");
    assertThat(stage("shadow").actions()).extracting(ActionStep::id, ActionStep::action)
        .containsExactly(tuple("register_shadow", "http.post"));
    assertThat(watch("shadow")).satisfies(g -> {
      assertThat(g.holdFor()).isEqualTo(Duration.ofHours(24));
      assertThat(g.checks()).extracting(Gate.Check::id)
          .containsExactly("agreement", "latency", "errors", "production_unchanged");
    });
    assertThat(stage("approve").gate()).contains(new Gate.Approval(Duration.ofHours(24),
        ((Gate.Approval) stage("approve").gate().orElseThrow()).line()));
    assertThat(stage("promote").actions()).extracting(ActionStep::id, ActionStep::action)
        .containsExactly(tuple("promote_alias", "mlflow.set_alias"), tuple("promote_service", "http.post"));
    assertThat(stage("promote").verify().orElseThrow().probe()).isEqualTo("http.get");
    assertThat(watch("promote").holdFor()).isEqualTo(Duration.ofHours(1));
    assertThat(watch("promote").checks()).extracting(Gate.Check::id)
        .containsExactly("error_rate", "latency", "errors");
    assertThat(rule.steps().escalate().priority()).contains(Priority.P1);
  }

  @Test
  void registersTheShadowOnlyWhenProductionHasAnotherVersion() throws Exception {
    Expression when = stage("shadow").actions().get(0).when().orElseThrow();

    assertThat(when.test(context(Map.of("found", true, "version", "1"), Optional.empty()))).isTrue();
    assertThat(when.test(context(Map.of("found", true, "version", "2"), Optional.empty()))).isFalse();
    assertThat(when.test(context(Map.of("found", false), Optional.empty()))).isFalse();
  }

  @Test
  void theShadowGateFailsWhenProductionMovedMeanwhileOrIsTheCandidate() throws Exception {
    Expression unchanged = check("shadow", "production_unchanged").condition();
    Map<String, Object> current = Map.of("found", true, "version", "1");

    assertThat(unchanged.test(context(current, Optional.of(Map.of("found", true, "version", "1"))))).isTrue();
    assertThat(unchanged.test(context(current, Optional.of(Map.of("found", true, "version", "3"))))).isFalse();
    assertThat(unchanged.test(context(Map.of("found", true, "version", "2"),
        Optional.of(Map.of("found", true, "version", "2"))))).isFalse();
    assertThat(unchanged.test(context(current, Optional.of(Map.of("found", false))))).isFalse();
  }

  @ParameterizedTest(name = "served {0} -> promoted {1}")
  @CsvSource({"'\"2\"', true", "2, true", "'\"1\"', false", "1, false"})
  void theServiceMustReportTheCandidateWhetherItSendsTheVersionAsTextOrNumber(String served, boolean verified)
      throws Exception {
    Object version = served.startsWith("\"") ? served.replace("\"", "") : (Object) Long.parseLong(served);
    Map<String, Object> answer = Map.of("ok", true, "fields", Map.of("version", version));

    assertThat(stage("promote").verify().orElseThrow().condition()
        .test(context(Map.of("found", true, "version", "1"), Optional.of(answer)))).isEqualTo(verified);
    assertThat(rule.steps().verifyRollback().orElseThrow().condition()
        .test(context(Map.of("found", true, "version", "1"), Optional.of(answer)))).isEqualTo(!verified);
  }

  @Test
  void theGatesThresholdsAreTheSeedsSuccessCriteria() throws Exception {
    assertThat(check("shadow", "agreement").condition().test(reading(0.951))).isTrue();
    assertThat(check("shadow", "agreement").condition().test(reading(0.95))).isFalse();
    assertThat(check("shadow", "latency").condition().test(reading(0.099))).isTrue();
    assertThat(check("shadow", "latency").condition().test(reading(0.1))).isFalse();
    assertThat(check("promote", "error_rate").condition().test(reading(0.0099))).isTrue();
    assertThat(check("promote", "error_rate").condition().test(reading(0.01))).isFalse();
    assertThat(check("promote", "errors").condition().test(context(Map.of(), Optional.of(
        Map.of("pods", List.of(Map.of("name", "p")), "total_matches", 1L))))).isFalse();
    assertThat(check("promote", "errors").condition().test(context(Map.of(), Optional.of(
        Map.of("pods", List.of(), "total_matches", 0L))))).as("no pod read is no evidence").isFalse();
  }

  private static StepContext reading(double value) {
    return context(Map.of(), Optional.of(Map.of("value", value)));
  }

  private static StepContext context(Map<String, Object> current, Optional<Map<String, Object>> result) {
    return new StepContext(NONE, Map.of("current", current), Map.of(), result, PARAMS);
  }

  private static Stage stage(String id) {
    return rule.steps().stages().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Gate.Watch watch(String stage) {
    return (Gate.Watch) stage(stage).gate().orElseThrow();
  }

  private static Gate.Check check(String stage, String id) {
    return watch(stage).checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }
}
