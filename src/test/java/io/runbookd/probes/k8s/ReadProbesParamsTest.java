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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parameters of k8s.pod_logs, k8s.top_pods and k8s.events: crafted values never reach the API. */
class ReadProbesParamsTest {
  private static MockCluster cluster;

  @BeforeAll
  static void start() {
    cluster = MockCluster.empty();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static List<Plugin<?>> plugins() {
    return List.of(
        new PodLogs(cluster.client(), ReadNamespaces.of("nba-mcp")),
        new TopPods(cluster.client(), ReadNamespaces.of("nba-mcp")),
        new Events(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp")));
  }

  private static Map<String, Object> valid(Plugin<?> plugin) {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", "nba-mcp"));
    if (plugin.info().params().stream().anyMatch(p -> p.name().equals("selector"))) {
      raw.put("selector", "app=nba-mcp");
    }
    return raw;
  }

  static Stream<Arguments> craftedValues() {
    return Stream.of(
            Stream.of("", " ", "a=b,../x", "app", "app=x;rm", "=x", "app=", "app=web,tier=")
                .map(v -> Arguments.of("selector", v)),
            Stream.of("", "x".repeat(201), "ERROR\nforged", "a\u0000b")
                .map(v -> Arguments.of("pattern", v)),
            Stream.of(0, 1001, -1, 2.5).map(v -> Arguments.of("tail", v)),
            Stream.of(0, (1 << 20) + 1).map(v -> Arguments.of("max_bytes", v)),
            Stream.of("a/b", "UPPER", "x".repeat(64)).map(v -> Arguments.of("container", v)),
            Stream.of("", "Deploy/ment", "a b", "1Pod", "x".repeat(64))
                .map(v -> Arguments.of("kind", v)),
            Stream.of("../x", "a/b", "", "%2e%2e").map(v -> Arguments.of("name", v)),
            Stream.of("0s", "8d", "500ms", "1 hour", 3600).map(v -> Arguments.of("since", v)),
            Stream.of(0, 101).map(v -> Arguments.of("limit", v)),
            Stream.of("Error", "", "warnings").map(v -> Arguments.of("type", v)),
            Stream.of("../x", "NBA", "kube-system", "").map(v -> Arguments.of("namespace", v)))
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
  void defaultsBindToTheSeedsCommand() throws Exception {
    PodLogs logs = new PodLogs(cluster.client(), ReadNamespaces.of("nba-mcp"));
    Events events = new Events(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp"));

    PodLogsParams p = logs.bind(ParamBinder.bind(logs.info().params(), valid(logs)));
    EventsParams e = events.bind(ParamBinder.bind(events.info().params(), valid(events)));

    assertThat(p.pattern()).isEqualTo("ERROR");
    assertThat(p.tail()).isEqualTo(100);
    assertThat(p.maxBytes()).isEqualTo(65_536);
    assertThat(p.container()).isEmpty();
    assertThat(p.selector().text()).isEqualTo("app=nba-mcp");
    assertThat(e.type()).isEqualTo("Warning");
    assertThat(e.since()).hasHours(1);
    assertThat(e.limit()).isEqualTo(20);
  }

  @Test
  void pluginsDescribeThemselves() {
    for (Plugin<?> plugin : plugins()) {
      assertThat(plugin.name()).startsWith("k8s.");
      assertThat(plugin.info().example())
          .contains("probe: " + plugin.name())
          .contains("namespace: nba-mcp");
      assertThat(plugin.info().permissions())
          .isNotEmpty()
          .allMatch(l -> l.matches("[a-z0-9.]+(/[a-z]+)+: [a-z, ]+"));
    }
    assertThat(new PodLogs(cluster.client(), ReadNamespaces.of("nba-mcp")).info().permissions()).contains("core/pods/log: get");
    assertThat(new TopPods(cluster.client(), ReadNamespaces.of("nba-mcp")).info().permissions())
        .contains("metrics.k8s.io/pods: list");
    assertThat(new Events(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp")).info().permissions())
        .containsExactly("core/events: list");
  }

  @Test
  void everyProbeReportsTheKubernetesSystem() throws Exception {
    for (Plugin<?> plugin : plugins()) {
      Object params = plugin.bind(ParamBinder.bind(plugin.info().params(), valid(plugin)));

      assertThat(systemOf(plugin, params)).as(plugin.name()).isEqualTo("kubernetes");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String systemOf(Plugin<?> plugin, Object params) {
    return ((io.runbookd.probes.Probe) plugin).system(params);
  }
}
