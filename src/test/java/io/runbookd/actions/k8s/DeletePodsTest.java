package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * k8s.delete_pods against the CRUD mock: the seed's Running pods, plus finished, failed and pending
 * ones. The mock's list answers whatever phase filter it honours; the action's own phase check is
 * tested alone with a list that ignores the field selector.
 */
class DeletePodsTest {
  private static final String PODS = "/api/v1/namespaces/nba-mcp/pods";

  private MockCluster cluster;
  private DeletePods delete;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    delete = new DeletePods(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void pod(String name, String phase, String app) {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: %s}}
        spec: {containers: [{name: main, image: "busybox:1"}]}
        status: {phase: %s}
        """
            .formatted(name, app, phase);
    HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    cluster.client().resource(object).inNamespace(Seed.NAMESPACE).create();
  }

  private void finishedJobs(int n) {
    for (int i = 0; i < n; i++) {
      pod("nightly-" + i, "Succeeded", "nightly");
    }
  }

  private List<String> left() {
    return cluster.client().pods().inNamespace(Seed.NAMESPACE).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private DeletePodsParams params(Object... more) throws Exception {
    return K8sFixtures.bind(delete, raw(more));
  }

  private static Map<String, Object> raw(Object... more) {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", Seed.NAMESPACE));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  @Test
  void deletesOnlySucceededPodsThenIsNotNeeded() throws Exception {
    finishedJobs(3);
    pod("failed-1", "Failed", "nightly");
    pod("pending-1", "Pending", "nightly");
    cluster.clearRequests();
    DeletePodsParams p = params();

    Outcome outcome = delete.execute(p);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("deleted", 3L)
        .containsEntry("more_remain", false)
        .containsEntry("pods", List.of("nightly-0", "nightly-1", "nightly-2"));
    assertThat(cluster.mutatingRequests())
        .containsExactlyInAnyOrder(
            "DELETE " + PODS + "/nightly-0",
            "DELETE " + PODS + "/nightly-1",
            "DELETE " + PODS + "/nightly-2");
    assertThat(cluster.requests().get(0))
        .startsWith("GET " + PODS + "?")
        .contains("fieldSelector=status.phase%3DSucceeded");
    assertThat(left())
        .contains("failed-1", "pending-1", Seed.POD_READY, Seed.POD_OOM, Seed.POD_CRASHING)
        .noneMatch(n -> n.startsWith("nightly-"));
    assertThat(delete.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(delete.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
  }

  @Test
  void theCapHoldsAndTheRestGoNextRun() throws Exception {
    finishedJobs(7);
    DeletePodsParams p = params("max_pods", 5);

    Outcome first = delete.execute(p);
    Outcome recheck = delete.recheck(p, Instant.now());
    Outcome second = delete.execute(p);
    Outcome third = delete.execute(p);

    assertThat(first.data()).containsEntry("deleted", 5L).containsEntry("more_remain", true);
    assertThat(first.detail()).contains("more remain beyond the cap of 5");
    assertThat(recheck.status()).isEqualTo(Outcome.Status.NOT_APPLIED);
    assertThat(second.data()).containsEntry("deleted", 2L).containsEntry("more_remain", false);
    assertThat(third.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
  }

  @Test
  void aSelectorNarrowsWhatIsDeleted() throws Exception {
    finishedJobs(2);
    pod("report-0", "Succeeded", "report");

    Outcome outcome = delete.execute(params("selector", "app=report"));

    assertThat(outcome.data()).containsEntry("pods", List.of("report-0"));
    assertThat(left()).contains("nightly-0", "nightly-1").doesNotContain("report-0");
  }

  @Test
  void aListThatIgnoresTheFieldSelectorStillCostsNoRunningPod() throws Exception {
    finishedJobs(1);
    pod("pending-1", "Pending", "nightly");
    pod("failed-1", "Failed", "nightly");
    List<Pod> everything = cluster.client().pods().inNamespace(Seed.NAMESPACE).list().getItems();
    cluster
        .server()
        .expect()
        .get()
        .withPath(PODS + "?fieldSelector=status.phase%3DSucceeded&limit=51")
        .andReturn(200, new PodListBuilder().withItems(everything).build())
        .once();
    cluster.clearRequests();

    Outcome outcome = delete.execute(params());

    assertThat(outcome.data())
        .containsEntry("deleted", 1L)
        .containsEntry("pods", List.of("nightly-0"));
    assertThat(cluster.mutatingRequests()).containsExactly("DELETE " + PODS + "/nightly-0");
    assertThat(left()).contains("pending-1", "failed-1", Seed.POD_READY);
  }

  @Test
  void refusesCraftedParametersAndDeclaresItself() throws Exception {
    assertThat(problems("namespace", "nba-mcp&fieldSelector="))
        .singleElement()
        .asString()
        .startsWith("namespace: ");
    assertThat(problems("selector", "app=x,status.phase!=Succeeded")).hasSize(1);
    assertThat(problems("selector", "")).hasSize(1);
    assertThat(problems("max_pods", 501)).hasSize(1);
    assertThat(problems("max_pods", 0)).hasSize(1);
    assertThat(problems("max_pods", 500)).isEmpty();
    assertThat(delete.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(delete.retrySafe()).isTrue();
    assertThat(delete.target(params("selector", "app=nightly")).key())
        .isEqualTo("kubernetes:pods/nba-mcp/phase=Succeeded,app=nightly");
    assertThat(delete.info().permissions()).containsExactly("core/pods: list, delete");
  }

  private List<String> problems(String key, Object value) {
    return ParamBinder.problems(delete.info().params(), raw(key, value));
  }
}
