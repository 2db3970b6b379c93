package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.runbookd.actions.Outcome;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SetEnvTest {
  private static final String PATH = "/apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp";
  private static final Instant STARTED = Seed.NOW;

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

  private static SetEnvParams on(String deployment, Map<String, String> env, String container) {
    return new SetEnvParams("nba-mcp", deployment, env, Optional.ofNullable(container));
  }

  private List<EnvVar> env(String deployment, int container) {
    Container c =
        cluster
            .deployment("nba-mcp", deployment)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(container);
    return c.getEnv() == null ? List.of() : c.getEnv();
  }

  @Test
  void changesOneVariableAndKeepsTheOthersInOrder() throws Exception {
    Outcome outcome = setEnv.execute(on("nba-mcp", Map.of("DB_POOL_SIZE", "50"), null));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(env("nba-mcp", 0))
        .extracting(EnvVar::getName)
        .containsExactly("LOG_LEVEL", "DB_POOL_SIZE", "DB_PASSWORD");
    assertThat(env("nba-mcp", 0).get(1).getValue()).isEqualTo("50");
    assertThat(env("nba-mcp", 0).get(2).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("nba-mcp-db");
    assertThat(outcome.data())
        .containsEntry("previous", Map.of("DB_POOL_SIZE", "20"))
        .containsEntry("added", List.of())
        .containsEntry("container", Seed.CONTAINER);
    assertThat(cluster.mutatingRequests()).containsExactly("PATCH " + PATH);
  }

  @Test
  void appendsAVariableThatWasNotSet() throws Exception {
    Outcome outcome = setEnv.execute(on("nba-mcp", Map.of("USE_CACHE_FALLBACK", "true"), null));

    assertThat(env("nba-mcp", 0))
        .extracting(EnvVar::getName)
        .containsExactly("LOG_LEVEL", "DB_POOL_SIZE", "DB_PASSWORD", "USE_CACHE_FALLBACK");
    assertThat(outcome.data()).containsEntry("added", List.of("USE_CACHE_FALLBACK"));
  }

  @Test
  void secondRunIsNotNeededAndWritesNothing() throws Exception {
    SetEnvParams pool = on("nba-mcp", Map.of("DB_POOL_SIZE", "50"), null);
    setEnv.execute(pool);
    cluster.clearRequests();

    Outcome again = setEnv.execute(pool);

    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void refusesToReplaceAVariableSetFromASecret() throws Exception {
    Outcome outcome = setEnv.execute(on("nba-mcp", Map.of("DB_PASSWORD", "hunter2"), null));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("DB_PASSWORD").contains("valueFrom");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void needsTheContainerWhenThereAreSeveral() throws Exception {
    createTwoContainerDeployment();

    Outcome outcome = setEnv.execute(on("worker", Map.of("QUEUE", "fast"), null));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("deployment has 2 containers; set container");
  }

  @Test
  void setsOnlyTheNamedContainer() throws Exception {
    createTwoContainerDeployment();

    Outcome outcome = setEnv.execute(on("worker", Map.of("QUEUE", "fast"), "sidecar"));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(env("worker", 0)).extracting(EnvVar::getName).containsExactly("MODE");
    assertThat(env("worker", 1))
        .extracting(EnvVar::getName, EnvVar::getValue)
        .containsExactly(tuple("QUEUE", "fast"));
  }

  @Test
  void unknownContainerFailsListingTheKnownOnes() throws Exception {
    createTwoContainerDeployment();

    Outcome outcome = setEnv.execute(on("worker", Map.of("QUEUE", "fast"), "nope"));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("no container 'nope'").contains("main, sidecar");
  }

  @Test
  void recheckTellsWhetherTheValuesAreInPlace() throws Exception {
    SetEnvParams pool = on("nba-mcp", Map.of("DB_POOL_SIZE", "50"), null);
    assertThat(setEnv.recheck(pool, STARTED).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    setEnv.execute(pool);

    assertThat(setEnv.recheck(pool, STARTED).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(setEnv.recheck(on("gone", Map.of("A", "1"), null), STARTED).status())
        .isEqualTo(Outcome.Status.NOT_NEEDED);
  }

  @Test
  void conflictIsReadAgainAndRetried() throws Exception {
    cluster
        .server()
        .expect()
        .patch()
        .withPath(PATH)
        .andReturn(409, RolloutRestartTest.conflict())
        .once();

    Outcome outcome = setEnv.execute(on("nba-mcp", Map.of("DB_POOL_SIZE", "50"), null));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(cluster.mutatingRequests()).hasSize(2);
    assertThat(env("nba-mcp", 0).get(1).getValue()).isEqualTo("50");
  }

  @Test
  void isRetrySafeAndDescribesTheChange() {
    SetEnvParams pool = on("nba-mcp", Map.of("DB_POOL_SIZE", "50"), null);

    assertThat(setEnv.retrySafe()).isTrue();
    assertThat(setEnv.describe(pool))
        .isEqualTo("set env DB_POOL_SIZE=50 on deployment nba-mcp/nba-mcp");
  }

  private void createTwoContainerDeployment() {
    Map<String, String> labels = Map.of("app", "worker");
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("nba-mcp")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("worker")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("worker:1")
                .addNewEnv()
                .withName("MODE")
                .withValue("batch")
                .endEnv()
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage("proxy:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    cluster.clearRequests();
  }
}
