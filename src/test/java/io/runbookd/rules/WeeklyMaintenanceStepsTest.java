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

/** RB-201's steps: each task of the seed's weekly maintenance, in an order approvals cannot hold up. */
class WeeklyMaintenanceStepsTest {
  private static final Alert NONE =
      new Alert(Alert.Status.FIRING, Map.of(), Map.of(), Instant.EPOCH, Optional.empty(), "", "");
  private static Rule rule;

  @BeforeAll
  static void load() {
    rule = ShippedCatalog.rule("RB-201");
  }

  @Test
  void readsBloatLogsSecretsAndBackupsFirst() {
    assertThat(rule.steps().diagnose())
        .extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(
            tuple("bloat", "sql.index_bloat"),
            tuple("old_logs", "aws.s3_objects"),
            tuple("secrets", "aws.secrets_age"),
            tuple("backups", "aws.rds_snapshots"));
  }

  @Test
  void runsEveryTaskThatMayRunAloneBeforeThePermanentOnesThatWaitForApproval() {
    assertThat(rule.steps().remediate())
        .extracting(ActionStep::id, ActionStep::action, ActionStep::approval)
        .containsExactly(
            tuple("vacuum", "sql.vacuum_analyze", false),
            tuple("reindex", "sql.reindex_concurrently", false),
            tuple("clean_pods", "k8s.delete_pods", false),
            tuple("ci", "http.post", false),
            tuple("clean_logs", "aws.s3_delete_old", true),
            tuple("rotate_secret", "aws.rotate_secret", true));
    assertThat(step("vacuum").params()).containsEntry("timeout", new ParamValue.Literal("30m"));
    assertThat(step("reindex").params()).containsEntry("timeout", new ParamValue.Literal("30m"));
  }

  @Test
  void rebuildsTheWorstIndexOverTheThresholdAndRotatesTheOldestRotatableSecret() throws Exception {
    StepContext context = context(Map.of(
        "bloat", Map.of("over_threshold", 2L, "worst_index", "public.idx_games_season"),
        "old_logs", Map.of("count", 0L),
        "secrets", Map.of("rotatable", List.of("nba-mcp/db-password", "nba-mcp/api-key"))),
        Map.of("ci_webhook_url", "https://ci.nba-mcp.com/hooks/weekly-maintenance"));

    assertThat(applies(context)).containsExactly("vacuum", "reindex", "clean_pods", "ci", "rotate_secret");
    assertThat(evaluate("reindex", "index", context)).isEqualTo("public.idx_games_season");
    assertThat(evaluate("rotate_secret", "secret", context)).isEqualTo("nba-mcp/db-password");
  }

  @Test
  void leavesOutWhatThereIsNothingToDoFor() throws Exception {
    StepContext context = context(Map.of(
        "bloat", Map.of("over_threshold", 0L, "worst_index", ""),
        "old_logs", Map.of("count", 12L),
        "secrets", Map.of("rotatable", List.of())), Map.of());

    assertThat(applies(context)).containsExactly("vacuum", "clean_pods", "clean_logs");
  }

  @Test
  void theDatabaseStepsAreWaitedForAsLongAsTheirOwnLimitAndALittleMore() {
    assertThat(step("vacuum").timeout()).isEqualTo(java.time.Duration.ofMinutes(30).plusSeconds(30));
    assertThat(step("reindex").timeout()).isEqualTo(java.time.Duration.ofMinutes(30).plusSeconds(30));
    assertThat(step("clean_pods").timeout()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void theNewestBackupMustBeYoungerThanTwentySixHours() throws Exception {
    VerifyStep verify = rule.steps().verify().orElseThrow();

    assertThat(verify.probe()).isEqualTo("aws.rds_snapshots");
    assertThat(verify.condition().test(result(25.9))).isTrue();
    assertThat(verify.condition().test(result(26.0))).isFalse();
    assertThat(verify.condition().test(result(168.0))).as("none in 7 days").isFalse();
  }

  private static StepContext result(double newestAgeHours) {
    return new StepContext(NONE, Map.of(), Map.of(),
        Optional.of(Map.of("newest_age_hours", newestAgeHours, "found", newestAgeHours < 168)));
  }

  private static List<String> applies(StepContext context) throws Exception {
    List<String> applies = new java.util.ArrayList<>();
    for (ActionStep step : rule.steps().remediate()) {
      if (step.when().isEmpty() || step.when().get().test(context)) {
        applies.add(step.id());
      }
    }
    return applies;
  }

  private static Object evaluate(String step, String param, StepContext context) throws Exception {
    return ((ParamValue.Expr) step(step).params().get(param)).expression().evaluate(context);
  }

  private static ActionStep step(String id) {
    return rule.steps().action(id).orElseThrow();
  }

  private static StepContext context(Map<String, Map<String, Object>> probes, Map<String, String> vars) {
    return new StepContext(NONE, probes, vars, Optional.empty());
  }
}
