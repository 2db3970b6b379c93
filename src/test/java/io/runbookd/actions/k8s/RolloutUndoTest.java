package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.plugin.ParamException;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RolloutUndoTest {
  private static final String PATH = "/apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp";
  private static final RolloutUndoParams PREVIOUS =
      new RolloutUndoParams("nba-mcp", "nba-mcp", Optional.empty());

  private MockCluster cluster;
  private RolloutUndo undo;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    undo = new RolloutUndo(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static RolloutUndoParams to(long revision) {
    return new RolloutUndoParams("nba-mcp", "nba-mcp", Optional.of(revision));
  }

  private PodTemplateSpec template() {
    return cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT).getSpec().getTemplate();
  }

  @Test
  void copiesThePreviousRevisionsTemplateWithoutItsHashLabel() throws Exception {
    Outcome outcome = undo.execute(PREVIOUS);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data()).containsEntry("from_revision", 7L).containsEntry("to_revision", 6L);
    assertThat(template().getSpec().getContainers().get(0).getImage()).isEqualTo(Seed.image(6));
    assertThat(template().getMetadata().getLabels()).isEqualTo(Map.of("app", "nba-mcp"));
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH);
  }

  @Test
  void secondRunIsNotNeededAndWritesNothing() throws Exception {
    undo.execute(PREVIOUS);
    cluster.clearRequests();

    Outcome again = undo.execute(PREVIOUS);

    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void goesToTheRevisionNamed() throws Exception {
    Outcome outcome = undo.execute(to(5));

    assertThat(outcome.data()).containsEntry("to_revision", 5L);
    assertThat(template().getSpec().getContainers().get(0).getImage()).isEqualTo(Seed.image(5));
  }

  @Test
  void refusesARevisionThatDoesNotExistOrBelongsToASibling() throws Exception {
    Outcome missing = undo.execute(to(4));
    Outcome sibling = undo.execute(to(3));

    assertThat(missing.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(missing.detail()).endsWith("has no revision 4; revisions: [5, 6, 7]");
    assertThat(sibling.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void aDeploymentWithOneRevisionHasNoPreviousOne() throws Exception {
    K8sFixtures.workload(cluster, "web", 1, true);

    Outcome outcome = undo.execute(new RolloutUndoParams("nba-mcp", "web", Optional.empty()));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("no previous revision");
  }

  @Test
  void pausedDeploymentIsNotRolledBack() throws Exception {
    deployments()
        .edit(
            d -> {
              d.getSpec().setPaused(true);
              return d;
            });
    cluster.clearRequests();

    Outcome outcome = undo.execute(PREVIOUS);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void conflictIsReadAgainAndRetried() throws Exception {
    cluster
        .server()
        .expect()
        .patch()
        .withPath(PATH)
        .andReturn(409, RolloutRestartTest.conflict())
        .once();

    assertThat(undo.execute(PREVIOUS).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).hasSize(2);
  }

  @Test
  void recheckTellsWhetherTheTargetTemplateRuns() throws Exception {
    assertThat(undo.recheck(PREVIOUS, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    undo.execute(PREVIOUS);

    assertThat(undo.recheck(PREVIOUS, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(undo.recheck(to(6), Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(undo.recheck(to(5), Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
    assertThat(undo.recheck(to(4), Seed.NOW).status()).isEqualTo(Outcome.Status.UNKNOWN);
  }

  @Test
  void recheckAfterTheControllerRenumberedTheRevisionCannotTellWithoutItsNumber() throws Exception {
    undo.execute(PREVIOUS);
    renumberAsTheControllerDoes();

    assertThat(undo.recheck(PREVIOUS, Seed.NOW).status()).isEqualTo(Outcome.Status.UNKNOWN);
    assertThat(undo.recheck(to(6), Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
  }

  @Test
  void undoRollsForwardToTheRevisionItLeftByNumber() throws Exception {
    PodTemplateSpec before = template();
    Outcome done = undo.execute(PREVIOUS);

    Undo back = undo.undo(PREVIOUS, done).orElseThrow();
    Outcome undone = undo.execute(K8sFixtures.bind(undo, back.params()));

    assertThat(back)
        .isEqualTo(
            new Undo(
                "k8s.rollout_undo",
                Map.of("namespace", "nba-mcp", "deployment", "nba-mcp", "to_revision", 7L)));
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(template()).isEqualTo(before);
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("to_revision", 0),
        Map.of("to_revision", -1),
        Map.of("to_revision", 2.5),
        Map.of("to_revision", "6; rm"),
        Map.of("deployment", "../nba-mcp"),
        Map.of("deployment", "Nba-mcp"),
        Map.of("namespace", "a/b"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheApi(Map<String, Object> override) {
    Map<String, Object> raw =
        new HashMap<>(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));
    raw.putAll(override);

    assertThatThrownBy(() -> K8sFixtures.bind(undo, raw))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void bindsDescribesAndNamesItsTargetWithoutCallingTheApi() throws Exception {
    RolloutUndoParams p =
        K8sFixtures.bind(undo, Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));

    assertThat(p).isEqualTo(PREVIOUS);
    assertThat(undo.describe(p))
        .isEqualTo("rollout undo deployment nba-mcp/nba-mcp to its previous revision");
    assertThat(undo.describe(to(5)))
        .isEqualTo("rollout undo deployment nba-mcp/nba-mcp to revision 5");
    assertThat(undo.target(p)).isEqualTo(Target.kubernetes("deployment", "nba-mcp", "nba-mcp"));
    assertThat(undo.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
    assertThat(undo.retrySafe()).isFalse();
    assertThat(cluster.requests()).isEmpty();
  }

  /** What the Deployment controller does after a rollback to 6: revision 6 becomes 8. */
  private void renumberAsTheControllerDoes() {
    cluster
        .client()
        .apps()
        .replicaSets()
        .inNamespace("nba-mcp")
        .withName("nba-mcp-rev6")
        .edit(
            rs -> {
              rs.getMetadata().getAnnotations().put(Revisions.REVISION, "8");
              rs.getMetadata().getAnnotations().put(Revisions.HISTORY, "6");
              return rs;
            });
    deployments()
        .edit(
            d -> {
              d.getMetadata().getAnnotations().put(Revisions.REVISION, "8");
              return d;
            });
  }

  private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deployments() {
    return cluster.client().apps().deployments().inNamespace("nba-mcp").withName("nba-mcp");
  }
}
