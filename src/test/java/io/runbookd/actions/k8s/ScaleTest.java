package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScaleTest {
  private static final String PATH = "/apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp";
  private static final ScaleParams TO_TEN = new ScaleParams("nba-mcp", "nba-mcp", 10, 5, 12);

  private MockCluster cluster;
  private Scale scale;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    scale = new Scale(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private int replicas() {
    return cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT).getSpec().getReplicas();
  }

  @Test
  void setsTheReplicaCountInOneGuardedPatch() throws Exception {
    Outcome outcome = scale.execute(TO_TEN);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("previous_replicas", 3L)
        .containsEntry("replicas", 10L);
    assertThat(replicas()).isEqualTo(10);
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH);
  }

  @Test
  void secondRunIsNotNeededAndWritesNothing() throws Exception {
    scale.execute(TO_TEN);
    cluster.clearRequests();

    Outcome again = scale.execute(TO_TEN);

    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void refusesADeploymentAnHpaScales() throws Exception {
    K8sFixtures.autoscaler(cluster, "nba-mcp-hpa", "nba-mcp");

    Outcome outcome = scale.execute(TO_TEN);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).endsWith("scaled by HPA nba-mcp-hpa; change its min/max instead");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void anHpaOfAnotherDeploymentDoesNotCount() throws Exception {
    K8sFixtures.autoscaler(cluster, "worker-hpa", "worker");

    assertThat(scale.execute(TO_TEN).status()).isEqualTo(Outcome.Status.DONE);
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

    Outcome outcome = scale.execute(TO_TEN);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).hasSize(2);
    assertThat(replicas()).isEqualTo(10);
  }

  @Test
  void recheckTellsWhetherTheCountIsInPlace() throws Exception {
    assertThat(scale.recheck(TO_TEN, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    scale.execute(TO_TEN);

    assertThat(scale.recheck(TO_TEN, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).hasSize(1);
  }

  @Test
  void undoScalesBackWithBoundsWidenedToAdmitThePreviousCount() throws Exception {
    Outcome done = scale.execute(TO_TEN);

    Undo undo = scale.undo(TO_TEN, done).orElseThrow();
    ScaleParams back = K8sFixtures.bind(scale, undo.params());
    Outcome undone = scale.execute(back);

    assertThat(undo.action()).isEqualTo("k8s.scale");
    assertThat(back).isEqualTo(new ScaleParams("nba-mcp", "nba-mcp", 3, 3, 12));
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(replicas()).isEqualTo(3);
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("replicas", 13),
        Map.of("replicas", 4),
        Map.of("max", 101),
        Map.of("min", -1),
        Map.of("replicas", 2.5),
        Map.of("deployment", "../etc"),
        Map.of("deployment", "a/b"),
        Map.of("deployment", "UPPER"),
        Map.of("namespace", "kube-system/x"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheApi(Map<String, Object> override) {
    Map<String, Object> raw = new HashMap<>(valid());
    raw.putAll(override);

    assertThatThrownBy(() -> K8sFixtures.bind(scale, raw))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void boundsOutOfOrderAreRefusedWithAClearMessage() {
    Map<String, Object> raw = new HashMap<>(valid());
    raw.putAll(Map.of("min", 8, "max", 6));

    assertThatThrownBy(() -> K8sFixtures.bind(scale, raw))
        .hasMessage("max: must be at least min (8), got 6");
  }

  @Test
  void replicasOutsideTheBoundsAreRefusedWithAClearMessage() {
    Map<String, Object> raw = new HashMap<>(valid());
    raw.put("replicas", 20);

    assertThatThrownBy(() -> K8sFixtures.bind(scale, raw))
        .hasMessage("replicas: 20 is outside the rule's bounds [5, 12]");
  }

  @Test
  void bindsDescribesAndNamesItsTargetWithoutCallingTheApi() throws Exception {
    ScaleParams p = K8sFixtures.bind(scale, valid());

    assertThat(p).isEqualTo(TO_TEN);
    assertThat(scale.describe(p))
        .isEqualTo("scale deployment nba-mcp/nba-mcp to 10 replicas (rule bounds 5..12)");
    assertThat(scale.target(p)).isEqualTo(Target.kubernetes("deployment", "nba-mcp", "nba-mcp"));
    assertThat(scale.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
    assertThat(scale.retrySafe()).isTrue();
    assertThat(cluster.requests()).isEmpty();
  }

  private static Map<String, Object> valid() {
    return Map.of(
        "namespace", "nba-mcp", "deployment", "nba-mcp", "replicas", 10, "min", 5, "max", 12);
  }
}
