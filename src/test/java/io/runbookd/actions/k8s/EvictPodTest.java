package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
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

class EvictPodTest {
  private static final String PODS = "/api/v1/namespaces/nba-mcp/pods/";

  private MockCluster cluster;
  private EvictPod evict;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    evict = new EvictPod(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static EvictPodParams pod(String name, double ratio) {
    return new EvictPodParams("nba-mcp", name, 30, ratio);
  }

  private boolean exists(String pod) {
    return cluster.client().pods().inNamespace("nba-mcp").withName(pod).get() != null;
  }

  @Test
  void evictsThroughTheEvictionApiWithGraceAndTheUidItRead() throws Exception {
    String uid =
        cluster
            .client()
            .pods()
            .inNamespace("nba-mcp")
            .withName(Seed.POD_OOM)
            .get()
            .getMetadata()
            .getUid();

    Outcome outcome = evict.execute(pod(Seed.POD_OOM, 0.7));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("workload", "deployment/nba-mcp")
        .containsEntry("uid", uid);
    assertThat(exists(Seed.POD_OOM)).isFalse();
    assertThat(cluster.mutatingRequests())
        .containsExactly("POST " + PODS + Seed.POD_OOM + "/eviction");
    Eviction sent = cluster.evictions().get(0);
    assertThat(sent.getDeleteOptions().getGracePeriodSeconds()).isEqualTo(30L);
    assertThat(sent.getDeleteOptions().getPreconditions().getUid()).isEqualTo(uid);
  }

  @Test
  void secondRunIsNotNeededAndWritesNothing() throws Exception {
    evict.execute(pod(Seed.POD_OOM, 0.7));
    cluster.clearRequests();

    Outcome again = evict.execute(pod(Seed.POD_OOM, 0.7));

    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(again.detail()).contains("already gone");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void budgetRefusalIsRetryLaterNamingTheBudgetAndIsAskedOnce() throws Exception {
    K8sFixtures.budget(cluster, "nba-mcp-pdb", "nba-mcp", 0);

    Outcome outcome = evict.execute(pod(Seed.POD_OOM, 1.0));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY_LATER);
    assertThat(outcome.detail())
        .isEqualTo(
            "PodDisruptionBudget nba-mcp-pdb allows no disruption now (2 healthy, 2 needed)");
    assertThat(exists(Seed.POD_OOM)).isTrue();
    assertThat(cluster.mutatingRequests()).hasSize(1);
  }

  @Test
  void budgetAllowingOneDisruptionLetsExactlyOneEvictionThrough() throws Exception {
    K8sFixtures.budget(cluster, "nba-mcp-pdb", "nba-mcp", 1);

    Outcome first = evict.execute(pod(Seed.POD_OOM, 1.0));
    Outcome second = evict.execute(pod(Seed.POD_READY, 1.0));

    assertThat(first.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(second.status()).isEqualTo(Outcome.Status.RETRY_LATER);
    assertThat(exists(Seed.POD_READY)).isTrue();
  }

  @Test
  void refusesWhenTheWorkloadWouldLoseMoreThanItsShare() throws Exception {
    Outcome outcome = evict.execute(pod(Seed.POD_OOM, 0.25));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail())
        .startsWith("blast radius: ")
        .contains("2 of 3 replicas of deployment/nba-mcp unavailable; at most 1");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void onePodOfAHealthyWorkloadMayGoButNotWhenTwoOfThreeAreNotReady() throws Exception {
    List<String> healthy = K8sFixtures.workload(cluster, "web", 3, true, true, true);
    List<String> sick = K8sFixtures.workload(cluster, "api", 3, true, false, false);

    Outcome allowed = evict.execute(pod(healthy.get(0), EvictPod.DEFAULT_RATIO));
    Outcome refused = evict.execute(pod(sick.get(0), 0.5));

    assertThat(allowed.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(refused.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(refused.detail()).contains("3 of 3 replicas of deployment/api unavailable");
  }

  @Test
  void podsOfASiblingWithTheSameLabelsDoNotCount() throws Exception {
    K8sFixtures.workload(cluster, "nba-mcp-canary", 1, true);
    cluster
        .client()
        .pods()
        .inNamespace("nba-mcp")
        .withName("nba-mcp-canary-1-0")
        .edit(
            p -> {
              p.getMetadata().getLabels().put("app", "nba-mcp");
              return p;
            });

    Outcome outcome = evict.execute(pod(Seed.POD_OOM, 0.25));

    assertThat(outcome.detail()).contains("2 of 3 replicas");
  }

  @Test
  void neverEvictsAPodNoControllerWouldRecreate() throws Exception {
    Outcome outcome = evict.execute(pod("other-app-1", 1.0));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("has no controller");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void forbiddenToReadTheOwnerFailsWithTheReasonAndEvictsNothing() throws Exception {
    cluster
        .server()
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/nba-mcp/replicasets/nba-mcp-rev7")
        .andReturn(
            403,
            new StatusBuilder().withCode(403).withMessage("replicasets.apps is forbidden").build())
        .once();

    Outcome outcome = evict.execute(pod(Seed.POD_OOM, 1.0));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("forbidden");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void podAlreadyGoneIsNotNeeded() throws Exception {
    Outcome outcome = evict.execute(pod("nba-mcp-gone", 1.0));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void recheckTellsWhetherThePodIsGone() throws Exception {
    cluster.backdate(PODS + Seed.POD_OOM, Seed.NOW.minusSeconds(3600));
    EvictPodParams oom = pod(Seed.POD_OOM, 0.7);
    assertThat(evict.recheck(oom, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    evict.execute(oom);

    assertThat(evict.recheck(oom, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
  }

  @Test
  void recheckCountsAPodCreatedSinceAsAReplacement() throws Exception {
    // the mock stamps pods with the wall clock at creation, which is after Seed.NOW
    Outcome fresh = evict.recheck(pod(Seed.POD_READY, 0.7), Seed.NOW);

    assertThat(fresh.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(fresh.detail()).contains("replaced since");
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("pod", "../etc"),
        Map.of("pod", "a/b"),
        Map.of("pod", "UPPER"),
        Map.of("pod", "x".repeat(254)),
        Map.of("namespace", "nba.mcp"),
        Map.of("grace_seconds", 601),
        Map.of("grace_seconds", -1),
        Map.of("max_unavailable_ratio", 0),
        Map.of("max_unavailable_ratio", 1.5));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheApi(Map<String, Object> override) {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", "nba-mcp", "pod", Seed.POD_OOM));
    raw.putAll(override);

    assertThatThrownBy(() -> K8sFixtures.bind(evict, raw))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void bindsDefaultsDescribesAndNamesThePodWithoutCallingTheApi() throws Exception {
    EvictPodParams p = K8sFixtures.bind(evict, Map.of("namespace", "nba-mcp", "pod", Seed.POD_OOM));

    assertThat(p).isEqualTo(new EvictPodParams("nba-mcp", Seed.POD_OOM, 30, 0.25));
    assertThat(evict.describe(p))
        .isEqualTo(
            "evict pod nba-mcp/nba-mcp-7f9c-oom (grace 30s, at most 25% of its workload"
                + " unavailable)");
    assertThat(evict.target(p)).isEqualTo(Target.kubernetes("pod", "nba-mcp", Seed.POD_OOM));
    assertThat(evict.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(evict.retrySafe()).isTrue();
    assertThat(cluster.requests()).isEmpty();
  }
}
