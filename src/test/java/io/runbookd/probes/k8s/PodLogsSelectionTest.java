package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.testing.MockCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods and containers {@code k8s.pod_logs} reads, on clusters built for each case. */
class PodLogsSelectionTest {

  private static Finding run(MockCluster cluster, Map<String, Object> raw) throws Exception {
    PodLogs probe = new PodLogs(cluster.client(), ReadNamespaces.of("nba-mcp"));
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void readsTheAnnotatedDefaultContainer() throws Exception {
    try (MockCluster small = MockCluster.empty()) {
      Pod pod = pod("web-0");
      pod.getMetadata().getAnnotations().put(PodLogs.DEFAULT_CONTAINER, "app");
      small.client().pods().inNamespace("nba-mcp").resource(pod).create();
      small.podLog("nba-mcp", "web-0", "proxy", "ERROR proxy\n");
      small.podLog("nba-mcp", "web-0", "app", "ERROR app\nERROR app\n");

      Finding finding = run(small, Map.of("namespace", "nba-mcp", "selector", "app=web"));

      assertThat(pod(finding, "web-0"))
          .containsEntry("container", "app")
          .containsEntry("matches", 2L);
    }
  }

  @Test
  void readsAtMostTwentyPodsAndSaysSo() throws Exception {
    try (MockCluster big = MockCluster.empty()) {
      for (int i = 0; i <= PodLogs.CAP; i++) {
        big.client().pods().inNamespace("nba-mcp").resource(pod("web-" + i)).create();
      }

      Finding finding = run(big, Map.of("namespace", "nba-mcp", "selector", "app=web"));

      assertThat(list(finding.data().get("pods"))).hasSize(20);
      assertThat(finding.data()).containsEntry("truncated", true);
      assertThat(finding.summary())
          .isEqualTo("ERROR in 0 of 20 pods (0 lines); first 20 pods only");
    }
  }

  @Test
  void readsTheFirstContainerWithoutAnAnnotation() throws Exception {
    try (MockCluster small = MockCluster.empty()) {
      small.client().pods().inNamespace("nba-mcp").resource(pod("web-0")).create();
      small.podLog("nba-mcp", "web-0", "proxy", "ERROR proxy\n");

      Finding finding = run(small, Map.of("namespace", "nba-mcp", "selector", "app=web"));

      assertThat(pod(finding, "web-0"))
          .containsEntry("container", "proxy")
          .containsEntry("matches", 1L);
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "web")
        .addToAnnotations("team", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("proxy")
        .endContainer()
        .addNewContainer()
        .withName("app")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Map<String, Object> pod(Finding finding, String name) {
    return list(finding.data().get("pods")).stream()
        .map(PodLogsSelectionTest::map)
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
