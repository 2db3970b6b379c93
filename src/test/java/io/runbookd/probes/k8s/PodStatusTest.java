package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PodStatusTest {
  private static MockCluster cluster;
  private static PodStatus probe;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    probe = new PodStatus(cluster.client(), ReadNamespaces.of("nba-mcp"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Finding run(String selector) throws Exception {
    Map<String, Object> raw = Map.of("namespace", "nba-mcp", "selector", selector);
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void countsReadinessRestartsAndOomKills() throws Exception {
    Finding finding = run(Seed.SELECTOR);

    assertThat(finding.data())
        .containsEntry("total", 3L)
        .containsEntry("ready", 2L)
        .containsEntry("not_ready", 1L)
        .containsEntry("ready_ratio", 2.0 / 3)
        .containsEntry("max_restarts", 7L)
        .containsEntry("oom_killed", 1L)
        .containsEntry("truncated", false);
    assertThat(list(finding.data().get("restarting")))
        .containsExactlyInAnyOrder(Seed.POD_OOM, Seed.POD_CRASHING);
  }

  @Test
  void describesEachPod() throws Exception {
    Finding finding = run(Seed.SELECTOR);

    Map<String, Object> oom = pod(finding, Seed.POD_OOM);
    assertThat(oom)
        .containsEntry("phase", "Running")
        .containsEntry("ready", true)
        .containsEntry("restarts", 7L)
        .containsEntry("last_termination_reason", "OOMKilled")
        .containsEntry("last_termination_at", "2025-10-12T11:57:00Z");
    assertThat(pod(finding, Seed.POD_CRASHING))
        .containsEntry("ready", false)
        .containsEntry("reason", "CrashLoopBackOff")
        .containsEntry("last_termination_reason", "Error");
    assertThat(pod(finding, Seed.POD_READY)).containsEntry("last_termination_reason", "");
  }

  @Test
  void summarizesInOneLine() throws Exception {
    Finding finding = run(Seed.SELECTOR);

    assertThat(finding.summary())
        .isEqualTo(
            "3 pods for app=nba-mcp: 2 ready, 1 CrashLoopBackOff; max restarts 7;"
                + " 1 OOMKilled");
  }

  @Test
  void noMatchingPodsIsAnAnswerNotAnError() throws Exception {
    Finding finding = run("app=none");

    assertThat(finding.data()).containsEntry("total", 0L).containsEntry("ready_ratio", 0.0);
    assertThat(finding.summary()).isEqualTo("0 pods for app=none: 0 ready; max restarts 0");
  }

  @Test
  void readsAtMostAHundredPodsAndSaysSo() throws Exception {
    try (MockCluster big = MockCluster.empty()) {
      for (int i = 0; i <= PodStatus.CAP; i++) {
        big.client().pods().inNamespace("nba-mcp").resource(pod("web-" + i)).create();
      }
      PodStatus probe = new PodStatus(big.client(), ReadNamespaces.of("nba-mcp"));

      Finding finding = probe.run(new PodStatusParams("nba-mcp", Map.of("app", "web"), "app=web"));

      assertThat(finding.data()).containsEntry("total", 100L).containsEntry("truncated", true);
      assertThat(finding.summary()).startsWith("100 pods (first 100 only) for app=web: 0 ready");
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "web")
        .endMetadata()
        .build();
  }

  @Test
  void sendsNoMutatingRequest() throws Exception {
    cluster.clearRequests();

    run(Seed.SELECTOR);

    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  private static Map<String, Object> pod(Finding finding, String name) {
    return list(finding.data().get("pods")).stream()
        .map(p -> map(p))
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
