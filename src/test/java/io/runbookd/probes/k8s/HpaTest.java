package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** k8s.hpa against the CRUD mock, autoscalers written as {@code kubectl get hpa -o yaml} shows. */
class HpaTest {
  private static final String AT_MAX =
      """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: nba-mcp}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nba-mcp}
        minReplicas: 3
        maxReplicas: 10
        metrics:
        - type: Resource
          resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        - type: Pods
          pods:
            metric: {name: http_requests_per_second}
            target: {type: AverageValue, averageValue: "100"}
      status:
        currentReplicas: 10
        desiredReplicas: 10
        currentMetrics:
        - type: Resource
          resource: {name: cpu, current: {averageUtilization: 92, averageValue: 920m}}
      """;

  private static final String OTHER =
      """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: worker}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
        maxReplicas: 4
      """;

  private static final String STATEFUL =
      """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: db}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
        maxReplicas: 3
      """;

  private MockCluster cluster;
  private Hpa probe;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    probe = new Hpa(cluster.client(), ReadNamespaces.of("nba-mcp"));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void create(String yaml) {
    HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    cluster.client().resource(object).inNamespace(Seed.NAMESPACE).create();
    cluster.clearRequests();
  }

  private Finding run(Object... more) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", Seed.NAMESPACE));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> hpas(Finding f) {
    return (List<Map<String, Object>>) f.data().get("hpas");
  }

  @Test
  void reportsBoundsReplicasAndMetricsOfTheDeploymentsAutoscaler() throws Exception {
    create(AT_MAX);
    create(OTHER);
    create(STATEFUL);

    Finding f = run("deployment", "nba-mcp");

    assertThat(f.data())
        .containsEntry("count", 1L)
        .containsEntry("at_max", 1L)
        .containsEntry("deployments", List.of("nba-mcp"));
    Map<String, Object> hpa = hpas(f).get(0);
    assertThat(hpa)
        .containsEntry("name", "nba-mcp")
        .containsEntry("min_replicas", 3L)
        .containsEntry("max_replicas", 10L)
        .containsEntry("current_replicas", 10L)
        .containsEntry("desired_replicas", 10L)
        .containsEntry("at_max", true);
    assertThat(hpa.get("metrics"))
        .isEqualTo(
            List.of(
                Map.of(
                    "type",
                    "Resource",
                    "name",
                    "cpu",
                    "target_utilization",
                    70L,
                    "current_utilization",
                    92L,
                    "current_average_value",
                    "920m"),
                Map.of(
                    "type",
                    "Pods",
                    "name",
                    "http_requests_per_second",
                    "target_average_value",
                    "100")));
    assertThat(f.summary())
        .isEqualTo(
            "1 autoscaler in nba-mcp deployment nba-mcp: nba-mcp -> deployment nba-mcp:"
                + " 10 of 3..10 (wants 10), at max, cpu 92%/70%, http_requests_per_second ?");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void everyDeploymentsAutoscalerButNotAStatefulSets() throws Exception {
    create(AT_MAX);
    create(OTHER);
    create(STATEFUL);

    Finding f = run();

    assertThat(hpas(f)).extracting(h -> h.get("name")).containsExactly("nba-mcp", "worker");
    assertThat(hpas(f).get(1))
        .containsEntry("min_replicas", 1L)
        .containsEntry("current_replicas", 0L)
        .containsEntry("at_max", false)
        .containsEntry("metrics", List.of());
  }

  @Test
  void emptyWhenThereIsNone() throws Exception {
    Finding f = run();

    assertThat(f.data()).containsEntry("count", 0L).containsEntry("hpas", List.of());
    assertThat(f.summary()).isEqualTo("no HorizontalPodAutoscaler scales a Deployment in nba-mcp");
  }

  @Test
  void refusesCraftedNames() {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", "nba-mcp/../kube-system"));
    assertThat(ParamBinder.problems(probe.info().params(), raw))
        .singleElement()
        .asString()
        .startsWith("namespace: ");
    raw.put("namespace", "nba-mcp");
    raw.put("deployment", "nba-mcp?watch=true");
    assertThat(ParamBinder.problems(probe.info().params(), raw))
        .singleElement()
        .asString()
        .startsWith("deployment: ");
  }
}
