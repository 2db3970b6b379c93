package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped RB-001 deploying version "2" of nba_win_predictor over version "1": a day of shadow
 * traffic, an approval, the promotion in MLflow and in the service, an hour of watching; a breach
 * before the promotion, a failure after it, and a service that does not follow the rollback.
 */
class ModelDeploymentRunTest extends ModelDeploymentRun {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void shadowsForADayAsksPromotesVerifiesAndResolvesAfterAnHour(StoreKind kind) throws Exception {
    start(kind, dir, Mode.ENFORCE);
    String id = open("manual");

    shadowHeldForADay(id);

    assertThat(stubs.posts(DeploymentStubs.SHADOW)).singleElement().satisfies(r -> {
      assertThat(json(r.getBodyAsString())).isEqualTo(json(
          "{\"model\":\"nba_win_predictor\",\"version\":\"2\",\"sample_rate\":\"0.1\"}"));
      assertThat(r.getHeader("Idempotency-Key")).isEqualTo("rb001-shadow-nba_win_predictor-2");
    });
    assertThat(h.messages(id)).contains("stage shadow gate: held for 24h (96 readings)")
        .contains("mlflow: nba_win_predictor@production is version 1")
        .contains("stage approve waits for approval until");
    assertThat(stubs.queries()).anyMatch(q -> q.contains("model=\"nba_win_predictor\", shadow_version=\"2\""));
    assertThat(mlflow.requests().get(0)).satisfies(r -> {
      assertThat(r.getMethod().getName() + " " + r.getUrl()).startsWith("GET " + ALIAS + "?");
      assertThat(r.queryParameter("name").firstValue()).isEqualTo(MODEL);
      assertThat(r.queryParameter("alias").firstValue()).isEqualTo("production");
    });
    assertThat(registryWrites()).isEmpty();
    assertThat(stubs.posts(DeploymentStubs.PROMOTE)).isEmpty();

    approvedAndVerified(id);
    assertThat(registryWrites()).hasSize(1);
    assertThat(aliasMoves()).containsExactly(productionAt("2"));
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("2");
    assertThat(stubs.posts(DeploymentStubs.PROMOTE)).singleElement().satisfies(r -> assertThat(
        json(r.getBodyAsString())).isEqualTo(json("{\"model\":\"nba_win_predictor\",\"version\":\"2\"}")));
    assertThat(pass(id, Duration.ofMinutes(55), Duration.ofMinutes(5))).containsOnly(IncidentStatus.VERIFYING);
    pass(id, Duration.ofMinutes(5), Duration.ofMinutes(5));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(reason(id)).isEqualTo("resolved: all 3 stages passed (3 actions run)");
    assertThat(readings(id)).isEqualTo(96 + 12);
    assertThat(pages()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aBreachAtHourThreePromotesNothingAndPagesP1WithTheEvidence(StoreKind kind) throws Exception {
    start(kind, dir, Mode.ENFORCE);
    String id = open("manual");
    h.runDue();
    pass(id, Duration.ofMinutes(165), Duration.ofMinutes(15));
    assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);

    stubs.reads(DeploymentStubs.AGREEMENT, 0.91);
    pass(id, Duration.ofMinutes(15), Duration.ofMinutes(15));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(reason(id))
        .startsWith("escalated: gate_failed: stage shadow: the gate broke after 3h of 24h (reading 12)")
        .contains("agreement: 'result.value > 0.95' does not hold: prometheus: ").contains("0.91")
        .contains("register_shadow: nothing to undo (http.post changes no desired state)");
    assertThat(registryWrites()).isEmpty();
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("1");
    assertThat(stubs.posts(DeploymentStubs.PROMOTE)).isEmpty();
    assertThat(h.guards().approvals(id)).isEmpty();
    assertThat(pages()).singleElement().satisfies(page -> {
      assertThat(page.path("priority").asText()).isEqualTo("P1");
      assertThat(page.path("reason").asText()).contains("the gate broke after 3h of 24h").contains("0.91");
    });
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anErrorRateUpAfterPromotionRestoresExactlyThePreviousVersionAndPagesP1(StoreKind kind) throws Exception {
    start(kind, dir, Mode.ENFORCE);
    String id = open("manual");
    shadowHeldForADay(id);
    approvedAndVerified(id);
    pass(id, Duration.ofMinutes(10), Duration.ofMinutes(5));
    int servedChecks = stubs.servedChecks();

    stubs.reads(DeploymentStubs.REQUESTS, 0.2);
    pass(id, Duration.ofMinutes(5), Duration.ofMinutes(5));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(registryWrites()).hasSize(2);
    assertThat(aliasMoves()).as("the undo names the version production had before, not a guess")
        .containsExactly(productionAt("2"), productionAt("1"));
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("1");
    assertThat(stubs.servedChecks()).as("the served version is read again").isGreaterThan(servedChecks);
    // The gate counts from the promotion: the 30 s the verification took are inside its hour.
    assertThat(reason(id))
        .contains("gate_failed: stage promote: the gate broke after 930s of 1h (reading 3)")
        .contains("error_rate: 'result.value < 0.01' does not hold").contains("value 0.2")
        .contains("rolled back: promote_service: nothing to undo")
        .contains("promote_alias undone: moved MLflow alias nba_win_predictor@production from version 2 to version 1")
        .contains("after the rollback 'result.ok && has(result.fields.version)").endsWith("holds");
    assertThat(pages()).singleElement().satisfies(page -> {
      assertThat(page.path("priority").asText()).isEqualTo("P1");
      assertThat(page.path("reason").asText()).contains("value 0.2").contains("from version 2 to version 1");
    });
  }

  @Test
  void aServiceStillServingTheNewVersionAfterTheRollbackIsToldInThePage() throws Exception {
    start(StoreKind.SQLITE, dir, Mode.ENFORCE);
    String id = open("manual");
    shadowHeldForADay(id);
    approvedAndVerified(id);
    stubs.stuckAt("2");

    stubs.reads(DeploymentStubs.LATENCY, 0.35);
    pass(id, Duration.ofMinutes(5), Duration.ofMinutes(5));
    assertThat(h.status(id)).as(h.messages(id)).isNotEqualTo(IncidentStatus.ESCALATED);
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("1");
    pass(id, Duration.ofMinutes(10), Duration.ofSeconds(30));

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(reason(id)).contains("latency: 'result.value < 0.1' does not hold")
        .contains("did NOT hold within 10m: a human must check what is served");
    assertThat(pages()).singleElement().satisfies(page -> assertThat(page.path("reason").asText())
        .contains("did NOT hold within 10m"));
  }
}
