package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.SeedSignals;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventsTest {
  private static MockCluster cluster;
  private static Events probe;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    SeedSignals.into(cluster);
    probe = new Events(cluster.client(), cluster.clock(), ReadNamespaces.of("nba-mcp", "quiet"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Finding run(Map<String, Object> extra) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("namespace", "nba-mcp"));
    raw.putAll(extra);
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  private static Finding deployment(Map<String, Object> extra) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("kind", "Deployment", "name", "nba-mcp"));
    raw.putAll(extra);
    return run(raw);
  }

  @Test
  void listsTheNamespacesRecentWarningsNewestFirst() throws Exception {
    Finding finding = run(Map.of());

    assertThat(finding.data()).containsEntry("count", 8L).containsEntry("truncated", false);
    assertThat(finding.data().get("reasons"))
        .isEqualTo(
            Map.of("BackOff", 5L, "FailedCreate", 1L, "FailedScheduling", 1L, "Unhealthy", 1L));
    assertThat(events(finding))
        .extracting(e -> e.get("object"))
        .containsExactly(
            "Pod/" + Seed.POD_CRASHING,
            "Pod/other-app-1",
            "Pod/" + Seed.POD_OOM,
            "Pod/" + Seed.POD_OOM,
            "Pod/nba-mcp-canary-rev3-k9w2p",
            "ReplicaSet/nba-mcp-rev7",
            "Pod/nba-mcp-7f9c-pending",
            "Pod/nba-mcp-rev6-q2x8z");
  }

  @Test
  void summarizesInOneLineMostFrequentReasonFirst() throws Exception {
    Finding finding = run(Map.of());

    assertThat(finding.summary())
        .isEqualTo(
            "8 warning events in the last 1h: BackOff ×5, FailedCreate ×1,"
                + " FailedScheduling ×1, Unhealthy ×1");
  }

  @Test
  void deploymentCoversItsReplicaSetsAndPodsButNotASiblingsOrOtherApps() throws Exception {
    Finding finding = deployment(Map.of());

    assertThat(events(finding))
        .extracting(e -> e.get("object"))
        .doesNotContain("Pod/other-app-1", "Pod/nba-mcp-canary-rev3-k9w2p")
        .contains("ReplicaSet/nba-mcp-rev7", "Pod/nba-mcp-rev6-q2x8z");
    assertThat(finding.summary())
        .isEqualTo(
            "6 warning events for Deployment nba-mcp in the last 1h: BackOff ×3,"
                + " FailedCreate ×1, FailedScheduling ×1, Unhealthy ×1");
  }

  @Test
  void describesEachEvent() throws Exception {
    Finding finding = deployment(Map.of());

    Map<String, Object> newest = events(finding).get(0);
    assertThat(newest)
        .containsEntry("type", "Warning")
        .containsEntry("reason", "BackOff")
        .containsEntry(
            "message", "Back-off restarting failed container api in pod " + Seed.POD_CRASHING)
        .containsEntry("object", "Pod/" + Seed.POD_CRASHING)
        .containsEntry("count", 12L)
        .containsEntry("last_seen", "2025-10-12T11:58:00Z")
        .containsEntry("age_seconds", 120L);
    assertThat(event(finding, "FailedScheduling"))
        .containsEntry("count", 5L)
        .containsEntry("last_seen", "2025-10-12T11:40:00Z")
        .containsEntry("age_seconds", 1200L);
    assertThat(finding.data()).containsEntry("occurrences", 12L + 3 + 7 + 1 + 2 + 5);
  }

  @Test
  void messagesAreCleanedAndClipped() throws Exception {
    Finding finding = run(Map.of("kind", "Pod", "name", Seed.POD_OOM));

    assertThat(event(finding, "BackOff"))
        .containsEntry("message", "Back-off restarting failed container api[0mforged: line");
    assertThat((String) event(finding, "Unhealthy").get("message"))
        .hasSize(ClusterText.MAX_CHARS + 1)
        .endsWith("y…");
  }

  @Test
  void podKindAndNameSelectExactlyThatPodWithinTheWindow() throws Exception {
    Finding lastHour = run(Map.of("kind", "Pod", "name", Seed.POD_OOM));
    Finding lastThree = run(Map.of("kind", "Pod", "name", Seed.POD_OOM, "since", "3h"));

    assertThat(lastHour.data()).containsEntry("count", 2L);
    assertThat(lastThree.data()).containsEntry("count", 3L);
    assertThat(lastThree.summary())
        .isEqualTo(
            "3 warning events for Pod nba-mcp-7f9c-oom in the last 3h: Unhealthy ×2, BackOff ×1");
  }

  @Test
  void typeAllAddsNormalEvents() throws Exception {
    Finding all = deployment(Map.of("type", "all"));
    Finding normal = deployment(Map.of("type", "normal"));

    assertThat(all.data()).containsEntry("count", 7L);
    assertThat(normal.summary())
        .isEqualTo("1 normal event for Deployment nba-mcp in the last 1h: ScalingReplicaSet ×1");
  }

  @Test
  void limitShortensTheListButNotTheCount() throws Exception {
    Finding finding = run(Map.of("limit", 2));

    assertThat(events(finding)).hasSize(2);
    assertThat(finding.data()).containsEntry("count", 8L);
  }

  @Test
  void quietNamespaceIsAnAnswer() throws Exception {
    Finding finding = run(Map.of("namespace", "quiet", "since", "90m"));

    assertThat(finding.data()).containsEntry("count", 0L).containsEntry("reasons", Map.of());
    assertThat(finding.summary()).isEqualTo("0 warning events in the last 90m");
  }

  @Test
  void sendsNoMutatingRequest() throws Exception {
    cluster.clearRequests();

    deployment(Map.of());

    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  private static Map<String, Object> event(Finding finding, String reason) {
    return events(finding).stream()
        .filter(e -> reason.equals(e.get("reason")))
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Finding finding) {
    return (List<Map<String, Object>>) finding.data().get("events");
  }
}
