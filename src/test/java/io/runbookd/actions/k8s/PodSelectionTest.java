package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.runbookd.k8s.LabelSelector;
import io.runbookd.k8s.PodSelection;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A selector that picks what an action changes matches something, and never everything. */
class PodSelectionTest {
  private MockCluster cluster;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void picksTheMatchingPodsInOneRead() throws Exception {
    var pods = PodSelection.select(cluster.client(), "nba-mcp", LabelSelector.parse(Seed.SELECTOR));

    assertThat(pods)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(Seed.POD_READY, Seed.POD_OOM, Seed.POD_CRASHING);
    assertThat(cluster.requests()).hasSize(1);
  }

  @Test
  void aSelectorThatMatchesNothingIsAnError() {
    assertThatThrownBy(
            () ->
                PodSelection.select(
                    cluster.client(), "nba-mcp", LabelSelector.parse("app=nba-mpc")))
        .isInstanceOf(RefusedException.class)
        .hasMessage("selector app=nba-mpc matches nothing in namespace nba-mcp");
  }

  @Test
  void aSelectorThatMatchesEveryPodIsAnErrorNotAll() {
    cluster.client().pods().inNamespace("nba-mcp").withName("other-app-1").delete();

    assertThatThrownBy(
            () ->
                PodSelection.select(
                    cluster.client(), "nba-mcp", LabelSelector.parse(Seed.SELECTOR)))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "selector app=nba-mcp matches everything in namespace nba-mcp (3 pods); name one"
                + " workload");
  }

  @Test
  void anEmptySelectorIsRefusedBeforeAnyCall() {
    assertThat(Checks.LABEL_SELECTOR.problem("")).isPresent();
    assertThat(Checks.LABEL_SELECTOR.problem(" ")).isPresent();
    assertThatThrownBy(() -> new LabelSelector(Map.of(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cluster.requests()).isEmpty();
  }

  @Test
  void apiSelectorsMatchAsTheApiDefinesThem() {
    Map<String, String> labels = Map.of("app", "nba-mcp", "tier", "api");

    assertThat(PodSelection.matches(null, labels)).isFalse();
    assertThat(PodSelection.matches(new LabelSelectorBuilder().build(), labels)).isTrue();
    assertThat(PodSelection.matches(selector("In", "tier", "api", "web"), labels)).isTrue();
    assertThat(PodSelection.matches(selector("NotIn", "tier", "api"), labels)).isFalse();
    assertThat(PodSelection.matches(selector("Exists", "app"), labels)).isTrue();
    assertThat(PodSelection.matches(selector("DoesNotExist", "app"), labels)).isFalse();
    assertThat(
            PodSelection.matches(
                new LabelSelectorBuilder().withMatchLabels(Map.of("app", "other")).build(), labels))
        .isFalse();
  }

  @Test
  void podsWithoutLabelsHaveNone() {
    assertThat(PodSelection.labels(new Pod())).isEmpty();
  }

  private static io.fabric8.kubernetes.api.model.LabelSelector selector(
      String operator, String key, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }
}
