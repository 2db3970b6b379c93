package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Undo;
import io.runbookd.plugin.ParamException;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code k8s.set_env}'s {@code unset} and the undo built from a DONE outcome. */
class SetEnvUndoTest {
  private MockCluster cluster;
  private SetEnv setEnv;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    setEnv = new SetEnv(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static SetEnvParams change(Map<String, String> env, List<String> unset) {
    return new SetEnvParams("nba-mcp", "nba-mcp", env, Optional.empty(), unset);
  }

  private List<EnvVar> env() {
    return cluster
        .deployment(Seed.NAMESPACE, Seed.DEPLOYMENT)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv();
  }

  @Test
  void setsAndRemovesInOnePatchRecordingThePreviousValues() throws Exception {
    Outcome outcome = setEnv.execute(change(Map.of("DB_POOL_SIZE", "50"), List.of("LOG_LEVEL")));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(env())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("DB_POOL_SIZE", "50"), tuple("DB_PASSWORD", null));
    assertThat(outcome.data())
        .containsEntry("previous", Map.of("DB_POOL_SIZE", "20", "LOG_LEVEL", "info"))
        .containsEntry("added", List.of());
    assertThat(cluster.mutatingRequests()).hasSize(1);
  }

  @Test
  void removingAVariableThatIsNotSetIsNotNeeded() throws Exception {
    Outcome outcome = setEnv.execute(change(Map.of(), List.of("USE_CACHE_FALLBACK")));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void neverRemovesAVariableSetFromASecret() throws Exception {
    Outcome outcome = setEnv.execute(change(Map.of(), List.of("DB_PASSWORD")));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("DB_PASSWORD").contains("does not remove it");
  }

  @Test
  void undoRestoresChangedValuesAndRemovesAddedOnes() throws Exception {
    List<EnvVar> before = env();
    SetEnvParams p = change(Map.of("DB_POOL_SIZE", "50", "USE_CACHE_FALLBACK", "true"), List.of());
    Outcome done = setEnv.execute(p);

    Undo undo = setEnv.undo(p, done).orElseThrow();
    Outcome undone = setEnv.execute(K8sFixtures.bind(setEnv, undo.params()));

    assertThat(undo.action()).isEqualTo("k8s.set_env");
    assertThat(undo.params())
        .containsEntry("env", Map.of("DB_POOL_SIZE", "20"))
        .containsEntry("unset", List.of("USE_CACHE_FALLBACK"))
        .containsEntry("container", Seed.CONTAINER);
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(env()).isEqualTo(before);
  }

  @Test
  void undoOfARemovalPutsTheVariableBack() throws Exception {
    SetEnvParams p = change(Map.of(), List.of("LOG_LEVEL"));
    Outcome done = setEnv.execute(p);

    Undo undo = setEnv.undo(p, done).orElseThrow();
    setEnv.execute(K8sFixtures.bind(setEnv, undo.params()));

    assertThat(undo.params()).doesNotContainKey("unset");
    assertThat(env())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(tuple("LOG_LEVEL", "info"));
  }

  @Test
  void nothingToUndoAfterNotNeeded() throws Exception {
    SetEnvParams p = change(Map.of("LOG_LEVEL", "info"), List.of());

    Outcome outcome = setEnv.execute(p);

    assertThat(setEnv.undo(p, outcome)).isEmpty();
    assertThat(setEnv.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
  }

  static List<Map<String, Object>> refused() {
    return List.of(
        Map.of("unset", List.of("A-B")),
        Map.of("unset", List.of("1X")),
        Map.of("unset", List.of()),
        Map.of("unset", "LOG_LEVEL"),
        Map.of("env", Map.of("A", "1"), "unset", List.of("A")),
        Map.of("container", "../api"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesCraftedOrContradictoryParams(Map<String, Object> params) {
    Map<String, Object> raw =
        new HashMap<>(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));
    raw.putAll(params);
    raw.putIfAbsent("env", Map.of("LOG_LEVEL", "debug"));
    String param = params.containsKey("container") ? "container" : "unset";

    assertThatThrownBy(() -> K8sFixtures.bind(setEnv, raw))
        .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.param()).isEqualTo(param));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void needsSomethingToSetOrRemove() {
    Map<String, Object> raw = Map.of("namespace", "nba-mcp", "deployment", "nba-mcp");

    assertThatThrownBy(() -> K8sFixtures.bind(setEnv, raw))
        .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.param()).isEqualTo("env"));
  }

  @Test
  void describesRemovals() {
    assertThat(setEnv.describe(change(Map.of("A", "1"), List.of("B"))))
        .isEqualTo("set env A=1 and unset B on deployment nba-mcp/nba-mcp");
    assertThat(setEnv.describe(change(Map.of(), List.of("B", "C"))))
        .isEqualTo("unset env B, C on deployment nba-mcp/nba-mcp");
  }
}
