package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.k8s.JsonPatch;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RolloutRestartTest {
  private static final String PATH = "/apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp";
  private static final DeploymentParams NBA_MCP = new DeploymentParams("nba-mcp", "nba-mcp");
  private static final Instant T = Seed.NOW.plusMillis(1500);

  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private RolloutRestart restartAt(Instant now) {
    return new RolloutRestart(cluster.client(), Clock.fixed(now, ZoneOffset.UTC));
  }

  private String stamp() {
    Deployment d = cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT);
    return d.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(RolloutRestart.RESTARTED_AT);
  }

  @Test
  void stampsThePodTemplateWithTheClockInOnePatch() throws Exception {
    Outcome outcome = restartAt(T).execute(NBA_MCP);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(stamp()).isEqualTo("2025-10-12T12:00:01Z");
    assertThat(outcome.data())
        .containsEntry("restarted_at", "2025-10-12T12:00:01Z")
        .doesNotContainKey("previous_restarted_at");
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH);
  }

  @Test
  void reportsThePreviousStampAndKeepsOtherTemplateAnnotations() throws Exception {
    restartAt(T).execute(NBA_MCP);

    Outcome second = restartAt(T.plus(Duration.ofHours(1))).execute(NBA_MCP);

    assertThat(second.data()).containsEntry("previous_restarted_at", "2025-10-12T12:00:01Z");
    assertThat(stamp()).isEqualTo("2025-10-12T13:00:01Z");
  }

  @Test
  void recheckTellsWhetherTheRestartSinceStartedAtIsInPlace() throws Exception {
    RolloutRestart restart = restartAt(T);
    assertThat(restart.recheck(NBA_MCP, T).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    restart.execute(NBA_MCP);

    assertThat(restart.recheck(NBA_MCP, T).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(restart.recheck(NBA_MCP, T.minusSeconds(60)).status())
        .isEqualTo(Outcome.Status.DONE);
    assertThat(restart.recheck(NBA_MCP, T.plusSeconds(60)).status())
        .isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void recheckDoesNotWrite() throws Exception {
    restartAt(T).recheck(NBA_MCP, T);

    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void missingDeploymentFailsAndNeedsNoRecheck() throws Exception {
    DeploymentParams gone = new DeploymentParams("nba-mcp", "gone");

    assertThat(restartAt(T).execute(gone).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(restartAt(T).recheck(gone, T).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void conflictIsReadAgainAndRetried() throws Exception {
    cluster.server().expect().patch().withPath(PATH).andReturn(409, conflict()).once();

    Outcome outcome = restartAt(T).execute(NBA_MCP);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH, "PATCH " + PATH);
    assertThat(stamp()).isEqualTo("2025-10-12T12:00:01Z");
  }

  @Test
  void conflictsWithoutEndAreRetryLaterAfterABoundedNumberOfAttempts() throws Exception {
    cluster.server().expect().patch().withPath(PATH).andReturn(409, conflict()).always();

    Outcome outcome = restartAt(T).execute(NBA_MCP);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY_LATER);
    assertThat(cluster.mutatingRequests()).hasSize(Writes.ATTEMPTS);
  }

  @Test
  void patchGuardedByAStaleResourceVersionIsAConflict() {
    Deployment read = cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT);
    deployment()
        .edit(
            d -> {
              d.getMetadata().getLabels().put("touched", "yes");
              return d;
            });
    String stale =
        JsonPatch.guardedBy(read.getMetadata().getResourceVersion())
            .add("/metadata/labels/x", "y")
            .toJson(cluster.client().getKubernetesSerialization());

    assertThatThrownBy(() -> deployment().patch(PatchContext.of(PatchType.JSON), stale))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  private RollableScalableResource<Deployment> deployment() {
    return cluster.client().apps().deployments().inNamespace("nba-mcp").withName("nba-mcp");
  }

  @Test
  void forbiddenFailsWithTheReason() throws Exception {
    cluster
        .server()
        .expect()
        .patch()
        .withPath(PATH)
        .andReturn(
            403,
            new StatusBuilder().withCode(403).withMessage("deployments.apps is forbidden").build())
        .once();

    Outcome outcome = restartAt(T).execute(NBA_MCP);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("forbidden").contains("deployments.apps is forbidden");
  }

  @Test
  void pausedDeploymentIsNotRestarted() throws Exception {
    deployment()
        .edit(
            d -> {
              d.getSpec().setPaused(true);
              return d;
            });
    cluster.clearRequests();

    Outcome outcome = restartAt(T).execute(NBA_MCP);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("paused");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void namesItsTargetAndIsNotRetrySafe() {
    RolloutRestart restart = restartAt(T);

    assertThat(restart.target(NBA_MCP))
        .isEqualTo(Target.kubernetes("deployment", "nba-mcp", "nba-mcp"));
    assertThat(restart.retrySafe()).isFalse();
    assertThat(restart.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(restart.describe(NBA_MCP)).isEqualTo("rollout restart deployment nba-mcp/nba-mcp");
    assertThat(restart.info().permissions()).containsExactly("apps/deployments: get, patch");
  }

  static Status conflict() {
    return new StatusBuilder()
        .withCode(409)
        .withReason("Conflict")
        .withMessage(
            "the object has been modified; please apply your changes to the latest"
                + " version and try again")
        .build();
  }
}
