package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Undo;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The contract every Kubernetes action keeps, one table for all of them, against the seed's
 * cluster: binding and describing call no API; the change is DONE and rechecks DONE; a second run
 * is NOT_NEEDED where the action is idempotent by state; a reversible action's undo binds like any
 * step, restores the state (the first change then rechecks NOT_APPLIED); the others offer no undo.
 */
class KubernetesActionsContractTest {
  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  record Case(
      BiFunction<KubernetesClient, MockCluster, Action<?>> action,
      Map<String, Object> params,
      boolean secondRunNotNeeded,
      Consumer<MockCluster> setup) {
    Case(
        BiFunction<KubernetesClient, MockCluster, Action<?>> action,
        Map<String, Object> params,
        boolean secondRunNotNeeded) {
      this(action, params, secondRunNotNeeded, m -> {});
    }
  }

  static Stream<Arguments> actions() {
    Map<String, Object> nbaMcp = Map.of("namespace", "nba-mcp", "deployment", "nba-mcp");
    return Stream.of(
        Arguments.of(
            "k8s.set_env",
            new Case(
                (c, m) -> new SetEnv(c),
                with(nbaMcp, Map.of("env", Map.of("DB_POOL_SIZE", "50", "NEW", "1"))),
                true)),
        Arguments.of(
            "k8s.rollout_restart",
            new Case((c, m) -> new RolloutRestart(c, m.clock()), nbaMcp, false)),
        Arguments.of(
            "k8s.evict_pod",
            new Case(
                (c, m) -> new EvictPod(c),
                Map.of("namespace", "nba-mcp", "pod", Seed.POD_OOM, "max_unavailable_ratio", 0.7),
                true)),
        Arguments.of(
            "k8s.scale",
            new Case(
                (c, m) -> new Scale(c),
                with(nbaMcp, Map.of("replicas", 10, "min", 3, "max", 12)),
                true)),
        Arguments.of(
            "k8s.set_resources",
            new Case(
                (c, m) -> new SetResources(c),
                with(
                    nbaMcp,
                    Map.of(
                        "requests",
                        Map.of("cpu", "2", "memory", "4Gi"),
                        "limits",
                        Map.of("cpu", "4", "memory", "8Gi"))),
                true)),
        Arguments.of("k8s.rollout_undo", new Case((c, m) -> new RolloutUndo(c), nbaMcp, true)),
        Arguments.of(
            "k8s.patch_hpa",
            new Case(
                (c, m) -> {
                  K8sFixtures.autoscaler(m, "nba-mcp", "nba-mcp");
                  return new PatchHpa(c);
                },
                Map.of("namespace", "nba-mcp", "hpa", "nba-mcp", "min_replicas", 3, "max_replicas", 12),
                true)),
        Arguments.of(
            "k8s.delete_pods",
            new Case(
                (c, m) -> new DeletePods(c),
                Map.of("namespace", "nba-mcp"),
                true,
                KubernetesActionsContractTest::finishedPod)));
  }

  /** A pod whose containers exited 0, as a finished Job leaves it. */
  private static void finishedPod(MockCluster cluster) {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: job-1, labels: {app: job}}
        spec: {containers: [{name: main, image: busybox}]}
        status: {phase: Succeeded}
        """;
    HasMetadata pod = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    cluster.client().resource(pod).inNamespace("nba-mcp").create();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("actions")
  void keepsTheActionContract(String name, Case c) throws Exception {
    c.setup().accept(cluster);
    cluster.clearRequests();
    Action<?> action = c.action().apply(cluster.client(), cluster);

    assertThat(action.name()).isEqualTo(name);
    describesItself(action);
    contract(action, c);
  }

  private <P> void contract(Action<P> action, Case c) throws Exception {
    P p = K8sFixtures.bind(action, c.params());
    assertThat(action.describe(p)).isNotBlank();
    assertThat(action.target(p).namespace()).contains("nba-mcp");
    assertThat(cluster.requests()).as("bind, describe and target call no API").isEmpty();

    Outcome done = action.execute(p);
    assertThat(done.status()).as(done.detail()).isEqualTo(Outcome.Status.DONE);
    assertThat(action.recheck(p, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
    if (c.secondRunNotNeeded()) {
      assertThat(action.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    }

    Optional<Undo> undo = action.undo(p, done);
    if (action.reversibility() != Reversibility.REVERSIBLE) {
      assertThat(undo).isEmpty();
      return;
    }
    assertThat(undo).isPresent();
    assertThat(undo.get().action()).isEqualTo(action.name());
    Outcome undone = action.execute(K8sFixtures.bind(action, undo.get().params()));
    assertThat(undone.status()).as(undone.detail()).isEqualTo(Outcome.Status.DONE);
    assertThat(action.recheck(p, Seed.NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  /** The example step parses, and its literal params pass their checks (expressions aside). */
  private static void describesItself(Action<?> action) {
    List<?> steps = new Yaml().load(action.info().example());
    Map<?, ?> step = (Map<?, ?>) steps.get(0);
    Map<String, Object> literals = new HashMap<>();
    Set<String> deferred = new HashSet<>();
    ((Map<?, ?>) step.get("params"))
        .forEach(
            (k, v) -> {
              if (v instanceof Map<?, ?> m && m.containsKey("expr")) {
                deferred.add((String) k);
              } else {
                literals.put((String) k, v);
              }
            });
    assertThat(step.get("action")).isEqualTo(action.name());
    assertThat(ParamBinder.literalProblems(action.info().params(), literals, deferred)).isEmpty();
    assertThat(action.info().summary()).isNotBlank().doesNotContain("\n");
    assertThat(action.info().example()).contains(action.name()).contains("namespace: nba-mcp");
    assertThat(action.info().permissions())
        .isNotEmpty()
        .allMatch(l -> l.matches("[a-z.]+(/[a-z]+)+: [a-z, ]+"));
    action.info().params().forEach(p -> assertThat(p.description()).isNotBlank());
  }

  private static Map<String, Object> with(Map<String, Object> base, Map<String, Object> more) {
    Map<String, Object> all = new HashMap<>(base);
    all.putAll(more);
    return all;
  }
}
