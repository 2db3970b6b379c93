package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.mlflow.MlflowWire.Version;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped RB-001 where it must not act, or act only on what it read: a registry without the
 * production alias (MLflow's 400 INVALID_PARAMETER_VALUE), a restart in the middle of the day, a
 * dry run and a drill.
 */
class ModelDeploymentSafetyTest extends ModelDeploymentRun {
  @TempDir Path dir;

  @Test
  void withoutTheAliasItReadsProductionFromTheStageAndShadowsAgainstIt() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.ENFORCE);
    mlflow.unalias(MODEL, "production");
    String id = open("manual");

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
    assertThat(h.messages(id)).contains(
        "mlflow: nba_win_predictor in stage Production (alias production is not set) is version 1, READY");
    assertThat(mlflow.requests()).extracting(r -> r.getMethod().getName() + " " + r.getUrl().replaceAll("\\?.*", ""))
        .startsWith("GET " + ALIAS, "POST /api/2.0/mlflow/registered-models/get-latest-versions");
    assertThat(stubs.posts(DeploymentStubs.SHADOW)).hasSize(1);
  }

  @Test
  void withNothingInProductionItRegistersNoShadowAndTheGateFailsAtItsFirstLook() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.ENFORCE);
    mlflow.model(MODEL, new Version("1", "Archived", "run1", Map.of()), new Version("2", "None", "run2", Map.of()));
    mlflow.unalias(MODEL, "production");
    String id = open("manual");

    h.runDue();
    pass(id, Duration.ofMinutes(15), Duration.ofMinutes(15));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(reason(id)).contains("stage shadow: the gate broke after 15m of 24h (reading 1)")
        .contains("production_unchanged: ");
    assertThat(stubs.posts(DeploymentStubs.SHADOW)).isEmpty();
    assertThat(registryWrites()).isEmpty();
    assertThat(pages()).singleElement().satisfies(page -> assertThat(page.path("priority").asText()).isEqualTo("P1"));
  }

  @Test
  void aRestartInTheMiddleOfTheDayResumesTheGateWhereItStood() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.ENFORCE);
    String id = open("manual");
    h.runDue();
    pass(id, Duration.ofHours(10), Duration.ofMinutes(15));

    h.restart();
    h.clock.advance(Duration.ofHours(2));
    h.runDue();
    assertThat(h.messages(id)).contains("after 12h of 24h");
    pass(id, Duration.ofHours(12), Duration.ofMinutes(15));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
    assertThat(h.messages(id)).contains("held for 24h (89 readings)");
    assertThat(h.kinds(id).stream().filter("gate_started"::equals)).hasSize(1);
    assertThat(stubs.posts(DeploymentStubs.SHADOW)).hasSize(1);
  }

  @Test
  void aDryRunReadsEverythingOncePlansEveryStageAndChangesNothing() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.DRY_RUN);
    String id = open("manual");

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(h.messages(id)).contains("dry-run: read once, not watched for 24h; it would hold now")
        .contains("would wait up to 24h for approval of: stage promote: promote_alias (mlflow.set_alias),"
            + " promote_service (http.post)")
        .contains("dry-run: read once, not watched for 1h; it would hold now")
        .contains("mode dry-run: 3 actions planned over 3 stages, none run");
    assertNothingChanged(id);
  }

  @Test
  void aDrillChangesNothingAndPagesNobody() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.ENFORCE);
    String id = open("drill");

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(reason(id)).endsWith("not paged: a drill pages nobody, its result is recorded with the runbook");
    assertNothingChanged(id);
    assertThat(pages()).isEmpty();
  }

  private void assertNothingChanged(String id) throws Exception {
    assertThat(h.guards().approvals(id)).isEmpty();
    assertThat(registryWrites()).isEmpty();
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("1");
    assertThat(stubs.posts(DeploymentStubs.SHADOW)).isEmpty();
    assertThat(stubs.posts(DeploymentStubs.PROMOTE)).isEmpty();
    assertThat(h.cluster.mutatingRequests()).isEmpty();
  }
}
