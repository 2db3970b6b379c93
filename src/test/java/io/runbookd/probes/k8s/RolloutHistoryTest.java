package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.k8s.NotFoundException;
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

class RolloutHistoryTest {
  private static MockCluster cluster;
  private static RolloutHistory probe;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    probe = new RolloutHistory(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Finding run(Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void reportsRevisionsNewestFirstFromOwnedReplicaSets() throws Exception {
    Finding finding = run(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));

    assertThat(finding.data())
        .containsEntry("current_revision", 7L)
        .containsEntry("count", 3L)
        .containsEntry("latest_age_seconds", 720L);
    List<Object> revisions = list(finding.data().get("revisions"));
    assertThat(revisions).extracting(r -> map(r).get("revision")).containsExactly(7L, 6L, 5L);
    assertThat(map(revisions.get(0)))
        .containsEntry("change_cause", "deploy v2.0.0")
        .containsEntry("age_seconds", 720L)
        .containsEntry("images", List.of(Seed.image(7)))
        .containsEntry("replicaset", "nba-mcp-rev7");
    assertThat(map(revisions.get(2))).containsEntry("age_seconds", 9 * 86_400L);
  }

  @Test
  void summarizesInOneLine() throws Exception {
    Finding finding = run(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));

    assertThat(finding.summary())
        .isEqualTo(
            "deployment nba-mcp/nba-mcp at revision 7, rolled out 12m ago"
                + " (\"deploy v2.0.0\"); 3 revisions");
  }

  @Test
  void limitShortensTheListButNotTheCount() throws Exception {
    Finding finding = run(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp", "limit", 2));

    assertThat(list(finding.data().get("revisions"))).hasSize(2);
    assertThat(finding.data()).containsEntry("count", 3L);
  }

  @Test
  void missingDeploymentIsAnErrorNamingIt() {
    assertThatThrownBy(() -> run(Map.of("namespace", "nba-mcp", "deployment", "gone")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("deployment nba-mcp/gone not found");
  }

  @Test
  void sendsNoMutatingRequest() throws Exception {
    cluster.clearRequests();

    run(Map.of("namespace", "nba-mcp", "deployment", "nba-mcp"));

    assertThat(cluster.mutatingRequests()).isEmpty();
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
