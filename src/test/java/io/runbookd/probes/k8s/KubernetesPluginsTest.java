package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.actions.k8s.DeletePods;
import io.runbookd.actions.k8s.RolloutRestart;
import io.runbookd.actions.k8s.SetEnv;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Plugin;
import io.runbookd.testing.MockCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every Kubernetes plugin shares: crafted names never reach the API; self-description. */
class KubernetesPluginsTest {
  private static final String LONG = "a".repeat(300);
  private static MockCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static List<Plugin<?>> plugins() {
    return List.of(
        new RolloutHistory(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp")),
        new PodStatus(cluster.client(), ReadNamespaces.of("nba-mcp")),
        new Hpa(cluster.client(), ReadNamespaces.of("nba-mcp")),
        new RolloutRestart(cluster.client(), cluster.clock()),
        new SetEnv(cluster.client()),
        new DeletePods(cluster.client()));
  }

  private static Map<String, Object> valid(Plugin<?> plugin) {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", "nba-mcp"));
    plugin
        .info()
        .params()
        .forEach(
            p -> {
              switch (p.name()) {
                case "deployment" -> raw.put("deployment", "nba-mcp");
                case "selector" -> raw.put("selector", "app=nba-mcp");
                case "env" -> raw.put("env", Map.of("DB_POOL_SIZE", "50"));
                default -> {}
              }
            });
    return raw;
  }

  static Stream<Arguments> craftedValues() {
    List<Object> names = List.of("../etc", "a/b", "UPPER", LONG, "", "nba-mcp\n", "%2e%2e");
    return Stream.of(
            names.stream().map(v -> Arguments.of("namespace", v)),
            names.stream().map(v -> Arguments.of("deployment", v)),
            Stream.of("", " ", "app", "app=../x", "=x", "app=x;rm")
                .map(v -> Arguments.of("selector", v)),
            Stream.of("a/b", "UPPER", LONG).map(v -> Arguments.of("container", v)),
            Stream.of(Map.of(), Map.of("A-B", "1"), Map.of("1X", "1"), Map.of("A", LONG.repeat(14)))
                .map(v -> Arguments.of("env", v)),
            Stream.of(0, 51, -1).map(v -> Arguments.of("limit", v)))
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("craftedValues")
  void refusesCraftedValuesNamingTheParameter(String param, Object value) {
    List<Plugin<?>> taking =
        plugins().stream()
            .filter(p -> p.info().params().stream().anyMatch(x -> x.name().equals(param)))
            .toList();
    assertThat(taking).isNotEmpty();

    for (Plugin<?> plugin : taking) {
      Map<String, Object> raw = valid(plugin);
      raw.put(param, value);

      assertThatThrownBy(() -> ParamBinder.bind(plugin.info().params(), raw))
          .as(plugin.name())
          .isInstanceOfSatisfying(
              ParamException.class, e -> assertThat(e.param()).isEqualTo(param));
    }
  }

  @Test
  void validValuesBind() throws Exception {
    for (Plugin<?> plugin : plugins()) {
      assertThat(plugin.bind(ParamBinder.bind(plugin.info().params(), valid(plugin))))
          .as(plugin.name())
          .isNotNull();
    }
  }

  @Test
  void pluginsDescribeThemselves() {
    for (Plugin<?> plugin : plugins()) {
      assertThat(plugin.name()).startsWith("k8s.");
      assertThat(plugin.info().example()).contains(plugin.name()).contains("namespace: nba-mcp");
      assertThat(plugin.info().permissions())
          .isNotEmpty()
          .allMatch(l -> l.matches("[a-z]+/[a-z]+: .+"));
    }
  }

  @Test
  void clientLeavesRetriesToTheEngine() {
    var config = cluster.client().getConfiguration();
    assertThat(config.getRequestRetryBackoffLimit()).isZero();
    assertThat(config.getRequestTimeout()).isEqualTo(10_000);
    assertThat(config.getConnectionTimeout()).isEqualTo(5_000);
    String path = "/apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp";
    cluster.server().expect().get().withPath(path).andReturn(503, "busy").once();
    RolloutHistory probe = new RolloutHistory(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp"));

    assertThatThrownBy(() -> probe.run(new RolloutHistoryParams("nba-mcp", "nba-mcp", 10)))
        .isInstanceOf(KubernetesClientException.class);
  }
}
