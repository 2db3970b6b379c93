package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
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

/**
 * {@code k8s.patch_hpa} against fabric8's CRUD mock holding an autoscaling/v2 HPA (min 2, max 10).
 */
class PatchHpaTest {
  private static final String PATH =
      "/apis/autoscaling/v2/namespaces/nba-mcp/horizontalpodautoscalers/nba-mcp";
  private static final PatchHpaParams POLICY = new PatchHpaParams("nba-mcp", "nba-mcp", 4, 12);

  private MockCluster cluster;
  private PatchHpa patchHpa;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    K8sFixtures.autoscaler(cluster, "nba-mcp", Seed.DEPLOYMENT);
    patchHpa = new PatchHpa(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private HorizontalPodAutoscaler hpa() {
    return cluster
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("nba-mcp")
        .withName("nba-mcp")
        .get();
  }

  @Test
  void setsBothBoundsInOneGuardedJsonPatch() throws Exception {
    Outcome outcome = patchHpa.execute(POLICY);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.detail())
        .isEqualTo("set HPA nba-mcp/nba-mcp from min 2, max 10 to min 4, max 12 replicas");
    assertThat(outcome.data())
        .containsEntry("previous_min_replicas", 2L)
        .containsEntry("previous_max_replicas", 10L);
    assertThat(hpa().getSpec().getMinReplicas()).isEqualTo(4);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(hpa().getSpec().getScaleTargetRef().getName()).isEqualTo(Seed.DEPLOYMENT);
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH);
  }

  @Test
  void secondRunIsNotNeededAndWritesNothing() throws Exception {
    patchHpa.execute(POLICY);
    cluster.clearRequests();

    assertThat(patchHpa.execute(POLICY).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void undoRestoresThePreviousBounds() throws Exception {
    Outcome done = patchHpa.execute(POLICY);

    Undo undo = patchHpa.undo(POLICY, done).orElseThrow();
    Outcome undone = patchHpa.execute(K8sFixtures.bind(patchHpa, undo.params()));

    assertThat(undo.action()).isEqualTo("k8s.patch_hpa");
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(hpa().getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(patchHpa.recheck(POLICY, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
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

    assertThat(patchHpa.execute(POLICY).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).hasSize(2);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(12);
  }

  @Test
  void recheckOnlyReads() throws Exception {
    assertThat(patchHpa.recheck(POLICY, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
    patchHpa.execute(POLICY);
    cluster.clearRequests();

    assertThat(patchHpa.recheck(POLICY, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void aMissingHpaFails() throws Exception {
    Outcome outcome = patchHpa.execute(new PatchHpaParams("nba-mcp", "absent", 2, 4));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).isEqualTo("HPA nba-mcp/absent not found");
  }

  @Test
  void refusesToChangeBoundsItCouldNotRestore() throws Exception {
    cluster
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("nba-mcp")
        .withName("nba-mcp")
        .edit(
            h -> {
              h.getSpec().setMaxReplicas(250);
              return h;
            });
    cluster.clearRequests();

    Outcome outcome = patchHpa.execute(POLICY);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("outside 1..100");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("min_replicas", 0),
        Map.of("max_replicas", 101),
        Map.of("min_replicas", -3),
        Map.of("max_replicas", 2.5),
        Map.of("max_replicas", "12; rm"),
        Map.of("hpa", "../nba-mcp"),
        Map.of("hpa", "NBA"),
        Map.of("namespace", "kube-system/x"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheApi(Map<String, Object> override) {
    Map<String, Object> raw = new HashMap<>(valid());
    raw.putAll(override);

    assertThatThrownBy(() -> K8sFixtures.bind(patchHpa, raw))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void minAboveMaxIsRefusedWithAClearMessage() {
    Map<String, Object> raw = new HashMap<>(valid());
    raw.putAll(Map.of("min_replicas", 8, "max_replicas", 6));

    assertThatThrownBy(() -> K8sFixtures.bind(patchHpa, raw))
        .hasMessage("max_replicas: must be at least min_replicas (8), got 6");
  }

  @Test
  void bindsDescribesAndNamesItsTargetWithoutCallingTheApi() throws Exception {
    PatchHpaParams p = K8sFixtures.bind(patchHpa, valid());

    assertThat(p).isEqualTo(POLICY);
    assertThat(patchHpa.describe(p)).isEqualTo("set HPA nba-mcp/nba-mcp to min 4, max 12 replicas");
    assertThat(patchHpa.target(p))
        .isEqualTo(Target.kubernetes("horizontalpodautoscaler", "nba-mcp", "nba-mcp"));
    assertThat(patchHpa.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
    assertThat(patchHpa.retrySafe()).isTrue();
    assertThat(patchHpa.info().permissions())
        .containsExactly("autoscaling/horizontalpodautoscalers: get, patch");
    assertThat(cluster.requests()).isEmpty();
  }

  private static Map<String, Object> valid() {
    return Map.of("namespace", "nba-mcp", "hpa", "nba-mcp", "min_replicas", 4, "max_replicas", 12);
  }
}
