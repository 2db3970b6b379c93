package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Plugin;
import io.runbookd.testing.MockCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every Kubernetes probe reads only in the namespaces it was given (kubernetes.readNamespaces). */
class ReadNamespacesTest {
  private static MockCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MockCluster.empty();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static List<Plugin<?>> probes(ReadNamespaces readable) {
    return List.of(
        new RolloutHistory(cluster.client(), cluster.clock(), readable),
        new PodStatus(cluster.client(), readable),
        new PodLogs(cluster.client(), readable),
        new TopPods(cluster.client(), readable),
        new Events(cluster.client(), cluster.clock(), readable),
        new Hpa(cluster.client(), readable));
  }

  private static Map<String, Object> params(Plugin<?> probe, String namespace) {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", namespace));
    probe.info().params().stream().filter(p -> p.required() && !p.name().equals("namespace"))
        .forEach(p -> raw.put(p.name(), p.name().equals("selector") ? "app=coredns" : "coredns"));
    return raw;
  }

  @Test
  void aNamespaceOutsideTheListIsRefusedNamingIt() {
    for (Plugin<?> probe : probes(ReadNamespaces.of("nba-mcp"))) {
      assertThatThrownBy(() -> ParamBinder.bind(probe.info().params(), params(probe, "kube-system")))
          .as(probe.name())
          .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.param()).isEqualTo("namespace"))
          .hasMessageContaining("'kube-system' is not in kubernetes.readNamespaces (nba-mcp)");
    }
  }

  @Test
  void aReadListMayWidenWhatProbesRead() throws Exception {
    for (Plugin<?> probe : probes(ReadNamespaces.of("nba-mcp", "kube-system"))) {
      assertThat(ParamBinder.bind(probe.info().params(), params(probe, "kube-system")).string("namespace"))
          .as(probe.name())
          .isEqualTo("kube-system");
    }
  }

  @Test
  void anEmptyListReadsNothing() {
    for (Plugin<?> probe : probes(ReadNamespaces.of())) {
      assertThat(ParamBinder.problems(probe.info().params(), params(probe, "nba-mcp")))
          .as(probe.name())
          .containsExactly("namespace: 'nba-mcp' is not in kubernetes.readNamespaces (none)");
    }
  }
}
