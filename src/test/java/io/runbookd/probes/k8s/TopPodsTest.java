package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.SeedSignals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopPodsTest {
  private static final String METRICS = "/apis/metrics.k8s.io/v1beta1/namespaces/nba-mcp/pods";
  private static final long GI = 1L << 30;
  private static MockCluster cluster;
  private static TopPods probe;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    SeedSignals.into(cluster);
    probe = new TopPods(cluster.client(), ReadNamespaces.of("nba-mcp"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Finding run(TopPods probe, String selector) throws Exception {
    Map<String, Object> raw = Map.of("namespace", "nba-mcp", "selector", selector);
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void reportsEachPodsUsageAgainstItsLimits() throws Exception {
    Finding finding = run(probe, Seed.SELECTOR);

    assertThat(pod(finding, Seed.POD_OOM))
        .containsEntry("cpu_millicores", 250L)
        .containsEntry("memory_bytes", 7 * GI + GI / 2)
        .containsEntry("memory_limit_bytes", Seed.MEMORY_LIMIT)
        .containsEntry("cpu_limit_millicores", Seed.CPU_LIMIT_MILLICORES)
        .containsEntry("memory_limit_ratio", 0.9375)
        .containsEntry("memory_request_ratio", 1.875)
        .containsEntry("cpu_limit_ratio", 0.25);
    assertThat(pod(finding, Seed.POD_READY))
        .containsEntry("cpu_millicores", 610L)
        .containsEntry("memory_bytes", 2 * GI)
        .containsEntry("cpu_limit_ratio", 0.61);
    assertThat(pod(finding, Seed.POD_CRASHING))
        .containsEntry("cpu_millicores", 5L)
        .containsEntry("memory_bytes", GI / 2)
        .containsEntry("memory_limit_ratio", 0.0625);
  }

  @Test
  void pointsAtThePodClosestToItsMemoryLimit() throws Exception {
    Finding finding = run(probe, Seed.SELECTOR);

    assertThat(finding.data())
        .containsEntry("count", 3L)
        .containsEntry("max_memory_ratio", 0.9375)
        .containsEntry("max_memory_pod", Seed.POD_OOM)
        .containsEntry("max_cpu_ratio", 0.61)
        .containsEntry("max_cpu_pod", Seed.POD_READY)
        .containsEntry("total_memory_bytes", 10 * GI)
        .containsEntry("total_cpu_millicores", 865L)
        .containsEntry("truncated", false);
  }

  @Test
  void summarizesInOneLine() throws Exception {
    Finding finding = run(probe, Seed.SELECTOR);

    assertThat(finding.summary())
        .isEqualTo(
            "3 pods: nba-mcp-7f9c-oom at 94% of its memory limit (7.5Gi of 8Gi);"
                + " max cpu 61% of limit");
  }

  @Test
  void podsWithoutEveryContainerLimitedHaveNoRatio() throws Exception {
    try (MockCluster small = MockCluster.empty()) {
      createPod(small, "web-0", "{limits: {memory: 1Gi, cpu: 500m}}", "{}");
      createPod(small, "web-1", "{limits: {memory: 1Gi}}", null);
      small
          .server()
          .expect()
          .get()
          .withPath(METRICS + "?labelSelector=app%3Dweb")
          .andReturn(200, metrics("web-0", "100m", "900Mi", "web-1", "1", "3Gi"))
          .once();

      Finding finding = run(new TopPods(small.client(), ReadNamespaces.of("nba-mcp")), "app=web");

      assertThat(pod(finding, "web-0"))
          .doesNotContainKeys("memory_limit_ratio", "cpu_limit_ratio", "memory_request_ratio");
      assertThat(pod(finding, "web-1")).containsEntry("memory_limit_ratio", 3.0);
      assertThat(finding.data())
          .containsEntry("max_memory_pod", "web-1")
          .containsEntry("max_cpu_ratio", 0.0)
          .containsEntry("max_cpu_pod", "");
      assertThat(finding.summary())
          .isEqualTo("2 pods: web-1 at 300% of its memory limit (3Gi of 1Gi); no cpu limits");
    }
  }

  @Test
  void withoutAnyLimitNamesThePodUsingTheMostMemory() throws Exception {
    try (MockCluster small = MockCluster.empty()) {
      small
          .server()
          .expect()
          .get()
          .withPath(METRICS + "?labelSelector=app%3Dweb")
          .andReturn(200, metrics("web-0", "100m", "900Mi", "web-1", "1", "3Gi"))
          .once();

      Finding finding = run(new TopPods(small.client(), ReadNamespaces.of("nba-mcp")), "app=web");

      assertThat(finding.data())
          .containsEntry("max_memory_ratio", 0.0)
          .containsEntry("max_memory_pod", "web-1");
      assertThat(finding.summary())
          .isEqualTo("2 pods: web-1 uses the most memory (3Gi, no memory limits); no cpu limits");
    }
  }

  @Test
  void noMetricsIsAnAnswerNotAnError() throws Exception {
    cluster
        .server()
        .expect()
        .get()
        .withPath(METRICS + "?labelSelector=app%3Dnone")
        .andReturn(200, "{\"kind\": \"PodMetricsList\", \"items\": []}")
        .once();

    Finding finding = run(probe, "app=none");

    assertThat(finding.data()).containsEntry("count", 0L).containsEntry("max_memory_pod", "");
    assertThat(finding.summary()).isEqualTo("no pod metrics for app=none in nba-mcp");
  }

  @Test
  void missingMetricsApiIsRefused() {
    cluster
        .server()
        .expect()
        .get()
        .withPath(METRICS + "?labelSelector=app%3Dother")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\","
                + "\"message\":\"the server could not find the requested resource\"}")
        .once();

    assertThatThrownBy(() -> run(probe, "app=other"))
        .isInstanceOf(RefusedException.class)
        .hasMessage("metrics-server not installed (metrics.k8s.io unavailable)");
  }

  @Test
  void metricsServerDownIsAFailureNotARefusal() {
    cluster
        .server()
        .expect()
        .get()
        .withPath(METRICS + "?labelSelector=app%3Ddown")
        .andReturn(503, "{\"kind\":\"Status\",\"code\":503}")
        .once();

    assertThatThrownBy(() -> run(probe, "app=down"))
        .isInstanceOf(KubernetesClientException.class)
        .isNotInstanceOf(RefusedException.class);
  }

  @Test
  void sendsNoMutatingRequest() throws Exception {
    cluster.clearRequests();

    run(probe, Seed.SELECTOR);

    assertThat(cluster.mutatingRequests()).isEmpty();
    assertThat(cluster.requests()).contains("GET " + SeedSignals.METRICS_PATH);
  }

  private static void createPod(MockCluster c, String name, String first, String second) {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: web}}
        spec:
          containers:
          - {name: app, image: app, resources: %s}
        """
            .formatted(name, first);
    if (second != null) {
      yaml += "  - {name: proxy, image: proxy, resources: " + second + "}\n";
    }
    Pod pod = c.client().getKubernetesSerialization().unmarshal(yaml, Pod.class);
    c.client().pods().inNamespace("nba-mcp").resource(pod).create();
  }

  /** Name, cpu, memory, repeated. */
  private static String metrics(String... podCpuMemory) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < podCpuMemory.length; i += 3) {
      items
          .append(i == 0 ? "" : ",")
          .append("{\"metadata\": {\"name\": \"")
          .append(podCpuMemory[i])
          .append("\"}, \"containers\": [{\"name\": \"app\", \"usage\": {\"cpu\": \"")
          .append(podCpuMemory[i + 1])
          .append("\", \"memory\": \"")
          .append(podCpuMemory[i + 2])
          .append("\"}}]}");
    }
    return "{\"kind\": \"PodMetricsList\", \"items\": [" + items + "]}";
  }

  private static Map<String, Object> pod(Finding finding, String name) {
    return list(finding.data().get("pods")).stream()
        .map(TopPodsTest::map)
        .filter(p -> name.equals(p.get("name")))
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
