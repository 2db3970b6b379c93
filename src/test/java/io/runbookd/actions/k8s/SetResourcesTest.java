package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
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
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SetResourcesTest {
  /** The seed runbook's RB-002 vertical scaling. */
  private static final SetResourcesParams RB_002 =
      change(Map.of("cpu", "2", "memory", "4Gi"), Map.of("cpu", "4", "memory", "8Gi"), List.of());

  private MockCluster cluster;
  private SetResources setResources;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    setResources = new SetResources(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static SetResourcesParams change(
      Map<String, String> requests, Map<String, String> limits, List<String> unset) {
    return new SetResourcesParams("nba-mcp", "nba-mcp", Optional.empty(), requests, limits, unset);
  }

  private ResourceRequirements resources() {
    var r =
        cluster
            .deployment(Seed.NAMESPACE, Seed.DEPLOYMENT)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources();
    return r == null ? new ResourceRequirements() : r;
  }

  private void given(Map<String, String> requests, Map<String, String> limits) {
    ResourceRequirements r = new ResourceRequirementsBuilder().build();
    requests.forEach((k, v) -> r.getRequests().put(k, new Quantity(v)));
    limits.forEach((k, v) -> r.getLimits().put(k, new Quantity(v)));
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("nba-mcp")
        .withName("nba-mcp")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setResources(r);
              return d;
            });
    cluster.clearRequests();
  }

  @Test
  void setsTheSeedsRequestsAndLimitsInOnePatch() throws Exception {
    Outcome outcome = setResources.execute(RB_002);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(resources().getRequests())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("4Gi"));
    assertThat(resources().getLimits())
        .containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("8Gi"));
    assertThat(outcome.data().get("added"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder(
            "requests.cpu", "requests.memory", "limits.cpu", "limits.memory");
    assertThat(outcome.data()).containsEntry("container", Seed.CONTAINER);
    assertThat(cluster.mutatingRequests()).hasSize(1);
  }

  @Test
  void secondRunIsNotNeededEvenSpelledDifferently() throws Exception {
    setResources.execute(RB_002);
    cluster.clearRequests();

    Outcome again =
        setResources.execute(
            change(Map.of("cpu", "2000m", "memory", "4096Mi"), Map.of("memory", "8Gi"), List.of()));

    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void keepsOtherResourcesAndRecordsPreviousAmounts() throws Exception {
    given(Map.of("cpu", "500m", "ephemeral-storage", "1Gi"), Map.of("cpu", "1"));

    Outcome outcome = setResources.execute(change(Map.of("cpu", "750m"), Map.of(), List.of()));

    assertThat(resources().getRequests())
        .containsEntry("ephemeral-storage", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("750m"));
    assertThat(outcome.data())
        .containsEntry("previous_requests", Map.of("cpu", "500m"))
        .containsEntry("added", List.of());
  }

  @Test
  void refusesARequestAboveTheLimitInPlace() throws Exception {
    given(Map.of("cpu", "500m"), Map.of("cpu", "1"));

    Outcome outcome = setResources.execute(change(Map.of("cpu", "2"), Map.of(), List.of()));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("cpu request 2 would exceed its limit 1");
    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  @Test
  void undoRestoresPreviousAmountsAndRemovesAddedEntries() throws Exception {
    given(Map.of("cpu", "500m", "memory", "4Gi"), Map.of("memory", "8Gi"));
    ResourceRequirements before = resources();
    Outcome done = setResources.execute(RB_002);

    Undo undo = setResources.undo(RB_002, done).orElseThrow();
    Outcome undone = setResources.execute(K8sFixtures.bind(setResources, undo.params()));

    assertThat(undo.params())
        .containsEntry("requests", Map.of("cpu", "500m"))
        .containsEntry("unset", List.of("limits.cpu"))
        .doesNotContainKey("limits");
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(resources()).isEqualTo(before);
  }

  @Test
  void undoOfTheSeedsChangeLeavesNoResources() throws Exception {
    Outcome done = setResources.execute(RB_002);

    Undo undo = setResources.undo(RB_002, done).orElseThrow();
    setResources.execute(K8sFixtures.bind(setResources, undo.params()));

    assertThat(resources().getRequests()).isEmpty();
    assertThat(resources().getLimits()).isEmpty();
    assertThat(setResources.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
  }

  @Test
  void recheckTellsWhetherTheAmountsAreInPlace() throws Exception {
    assertThat(setResources.recheck(RB_002, Seed.NOW).status())
        .isEqualTo(Outcome.Status.NOT_APPLIED);

    setResources.execute(RB_002);

    assertThat(setResources.recheck(RB_002, Seed.NOW).status()).isEqualTo(Outcome.Status.DONE);
  }

  static List<Object[]> refused() {
    return List.of(
        new Object[] {"requests", Map.of("requests", Map.of("gpu", "1"))},
        new Object[] {"requests", Map.of("requests", Map.of("cpu", "abc"))},
        new Object[] {"requests", Map.of("requests", Map.of("cpu", "-1"))},
        new Object[] {"requests", Map.of("requests", Map.of("cpu", "0"))},
        new Object[] {"requests", Map.of("requests", Map.of("memory", "512m"))},
        new Object[] {"requests", Map.of("requests", Map.of("cpu", "1;rm"))},
        new Object[] {"limits", Map.of("limits", Map.of("memory", "1.5.5Gi"))},
        new Object[] {
          "requests", Map.of("requests", Map.of("cpu", "4"), "limits", Map.of("cpu", "2"))
        },
        new Object[] {"unset", Map.of("unset", List.of("limits.gpu"))},
        new Object[] {
          "unset", Map.of("requests", Map.of("cpu", "1"), "unset", List.of("requests.cpu"))
        },
        new Object[] {"requests", Map.of()},
        new Object[] {"container", Map.of("container", "A/B", "limits", Map.of("cpu", "1"))},
        new Object[] {"deployment", Map.of("deployment", "../x", "limits", Map.of("cpu", "1"))});
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesCraftedOrInconsistentParamsWithoutCallingTheApi(
      String param, Map<String, Object> given) {
    Map<String, Object> raw =
        new HashMap<>(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));
    raw.putAll(given);

    assertThatThrownBy(() -> K8sFixtures.bind(setResources, raw))
        .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.param()).isEqualTo(param));
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void bindsAndDescribesTheSeedsCommandWithoutCallingTheApi() throws Exception {
    SetResourcesParams p =
        K8sFixtures.bind(
            setResources,
            Map.of(
                "namespace",
                "nba-mcp",
                "deployment",
                "nba-mcp",
                "requests",
                Map.of("cpu", "2", "memory", "4Gi"),
                "limits",
                Map.of("cpu", 4, "memory", "8Gi")));

    assertThat(setResources.describe(p))
        .startsWith("set resources requests ")
        .contains("cpu=2", "memory=4Gi", "; limits ", "cpu=4", "memory=8Gi")
        .endsWith(" on deployment nba-mcp/nba-mcp");
    assertThat(setResources.retrySafe()).isTrue();
    assertThat(cluster.requests()).isEmpty();
  }
}
