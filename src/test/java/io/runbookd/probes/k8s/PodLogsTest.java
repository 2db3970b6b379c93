package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.RefusedException;
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

class PodLogsTest {
  private static final String LOG_PATH =
      "/api/v1/namespaces/nba-mcp/pods/%s/log?container=api&tailLines=100&limitBytes=65536";
  private static MockCluster cluster;
  private static PodLogs probe;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    SeedSignals.into(cluster);
    probe = new PodLogs(cluster.client(), ReadNamespaces.of("nba-mcp"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static Finding run(Map<String, Object> extra) throws Exception {
    Map<String, Object> raw =
        new HashMap<>(Map.of("namespace", "nba-mcp", "selector", "app=nba-mcp"));
    raw.putAll(extra);
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void countsErrorLinesPerPodInTheLastHundredLines() throws Exception {
    Finding finding = run(Map.of());

    assertThat(finding.data())
        .containsEntry("total_matches", SeedSignals.OOM_ERRORS + SeedSignals.CRASH_ERRORS)
        .containsEntry("pods_with_matches", 2L)
        .containsEntry("worst_pod", Seed.POD_OOM)
        .containsEntry("unreadable", 0L)
        .containsEntry("truncated", false);
    assertThat(pod(finding, Seed.POD_OOM))
        .containsEntry("container", "api")
        .containsEntry("lines_read", 100L)
        .containsEntry("matches", 37L)
        .containsEntry("limited", false)
        .containsEntry("error", "");
    assertThat(pod(finding, Seed.POD_CRASHING))
        .containsEntry("lines_read", 6L)
        .containsEntry("matches", 4L);
    assertThat(pod(finding, Seed.POD_READY))
        .containsEntry("lines_read", 51L)
        .containsEntry("matches", 0L)
        .containsEntry("sample", List.of());
  }

  @Test
  void summarizesInOneLineWorstPodFirst() throws Exception {
    Finding finding = run(Map.of());

    assertThat(finding.summary())
        .isEqualTo("ERROR in 2 of 3 pods (41 lines): nba-mcp-7f9c-oom 37, nba-mcp-7f9c-crash 4");
  }

  @Test
  void samplesTheLastFiveMatchingLinesCleaned() throws Exception {
    Finding finding = run(Map.of());

    List<String> sample = strings(pod(finding, Seed.POD_OOM).get("sample"));
    assertThat(sample).hasSize(5);
    assertThat(sample.get(2)).endsWith("db login failed for password=*** user=app");
    assertThat(sample.get(3))
        .isEqualTo("[31m2025-10-12T11:59:00Z ERROR java.lang.OutOfMemoryError: Java heap space[0m");
    assertThat(sample.get(4)).hasSize(ClusterText.MAX_CHARS + 1).endsWith("x…");
    assertThat(String.join("", sample)).doesNotContain("hunter2").doesNotContain("\u001b");
  }

  @Test
  void recordsNoLogLineOnlyCountsAndTheShapeOfTheSample() throws Exception {
    Map<String, Object> raw = Map.of("namespace", "nba-mcp", "selector", "app=nba-mcp");
    Finding finding = run(Map.of());
    io.runbookd.redact.Redactor redactor = io.runbookd.redact.Redactor.of(probe.info());

    Map<String, Object> recorded = redactor.data(finding.data());

    assertThat(recorded.toString()).doesNotContain("OutOfMemoryError").doesNotContain("db login");
    assertThat(pod(recorded, Seed.POD_OOM))
        .containsEntry("matches", 37L)
        .containsEntry("sample", java.util.Collections.nCopies(5, io.runbookd.redact.Redactor.MARK));
    assertThat(recorded)
        .containsEntry("total_matches", SeedSignals.OOM_ERRORS + SeedSignals.CRASH_ERRORS);
    assertThat(redactor.text(finding.summary(), raw, finding.data())).isEqualTo(finding.summary());
  }

  @Test
  void asksTheApiOnceAPodForTheTailWithAByteLimit() throws Exception {
    cluster.clearRequests();

    run(Map.of());

    assertThat(cluster.requests())
        .hasSize(4)
        .first()
        .isEqualTo("GET /api/v1/namespaces/nba-mcp/pods?labelSelector=app%3Dnba-mcp&limit=21");
    assertThat(cluster.requests()).contains("GET " + LOG_PATH.formatted(Seed.POD_OOM));
  }

  @Test
  void longerTailReachesOlderLines() throws Exception {
    Finding finding = run(Map.of("tail", 1000));

    assertThat(pod(finding, Seed.POD_OOM))
        .containsEntry("lines_read", 120L)
        .containsEntry("matches", SeedSignals.OOM_ERRORS + SeedSignals.OOM_OLDER_ERRORS);
  }

  @Test
  void byteLimitKeepsTheOldestTailedLinesAndSaysSo() throws Exception {
    Finding finding = run(Map.of("max_bytes", 200));

    Map<String, Object> oom = pod(finding, Seed.POD_OOM);
    assertThat(oom).containsEntry("limited", true).containsEntry("matches", 0L);
    assertThat((Long) oom.get("lines_read")).isBetween(1L, 6L);
  }

  @Test
  void boundsTheBytesReadWhenTheApiIgnoresTheLimit() throws Exception {
    String path =
        "/api/v1/namespaces/nba-mcp/pods/nba-mcp-7f9c-oom/log?container=api&tailLines=100"
            + "&limitBytes=1024";
    cluster
        .server()
        .expect()
        .get()
        .withPath(path)
        .andReturn(200, "ERROR x\n".repeat(10_000))
        .once();

    Finding finding = run(Map.of("max_bytes", 1024));

    assertThat(pod(finding, Seed.POD_OOM))
        .containsEntry("lines_read", 128L)
        .containsEntry("matches", 128L)
        .containsEntry("limited", true);
  }

  @Test
  void patternIsLiteralAndCaseSensitive() throws Exception {
    Finding lower = run(Map.of("pattern", "error"));
    Finding regex = run(Map.of("pattern", "ERROR.*"));

    assertThat(lower.data())
        .containsEntry("total_matches", 1L)
        .containsEntry("worst_pod", Seed.POD_READY);
    assertThat(regex.data()).containsEntry("total_matches", 0L).containsEntry("worst_pod", "");
    assertThat(regex.summary()).isEqualTo("ERROR.* in 0 of 3 pods (0 lines)");
  }

  @Test
  void podWhoseContainerHasNotStartedDoesNotHideTheOthers() throws Exception {
    String status =
        "{\"kind\":\"Status\",\"code\":400,\"message\":\"container \\\"api\\\" in pod"
            + " \\\"nba-mcp-7f9c-crash\\\" is waiting to start: ContainerCreating\"}";
    cluster
        .server()
        .expect()
        .get()
        .withPath(LOG_PATH.formatted(Seed.POD_CRASHING))
        .andReturn(400, status)
        .once();

    Finding finding = run(Map.of());

    assertThat((String) pod(finding, Seed.POD_CRASHING).get("error")).contains("waiting to start");
    assertThat(finding.data()).containsEntry("unreadable", 1L).containsEntry("total_matches", 37L);
    assertThat(finding.summary())
        .isEqualTo("ERROR in 1 of 3 pods (37 lines): nba-mcp-7f9c-oom 37; 1 unreadable");
  }

  @Test
  void forbiddenLogsAreRefusedNamingThePermission() {
    cluster
        .server()
        .expect()
        .get()
        .withPath(LOG_PATH.formatted(Seed.POD_CRASHING))
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .once();

    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("core/pods/log: get");
  }

  @Test
  void serverErrorIsAFailureNotARefusal() {
    cluster
        .server()
        .expect()
        .get()
        .withPath(LOG_PATH.formatted(Seed.POD_CRASHING))
        .andReturn(500, "boom")
        .once();

    assertThatThrownBy(() -> run(Map.of())).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void missingContainerIsReportedPerPodWithoutAsking() throws Exception {
    cluster.clearRequests();

    Finding finding = run(Map.of("container", "sidecar"));

    assertThat(pod(finding, Seed.POD_OOM)).containsEntry("error", "no such container");
    assertThat(finding.data()).containsEntry("unreadable", 3L);
    assertThat(cluster.requests()).noneMatch(r -> r.contains("/log"));
  }

  @Test
  void noMatchingPodsIsAnAnswerNotAnError() throws Exception {
    Finding finding = run(Map.of("selector", "app=none"));

    assertThat(finding.data()).containsEntry("total_matches", 0L).containsEntry("worst_pod", "");
    assertThat(finding.summary()).isEqualTo("ERROR in 0 of 0 pods for app=none (0 lines)");
  }

  @Test
  void sendsNoMutatingRequest() throws Exception {
    cluster.clearRequests();

    run(Map.of());

    assertThat(cluster.mutatingRequests()).isEmpty();
  }

  private static Map<String, Object> pod(Finding finding, String name) {
    return pod(finding.data(), name);
  }

  private static Map<String, Object> pod(Map<String, Object> data, String name) {
    return list(data.get("pods")).stream()
        .map(PodLogsTest::map)
        .filter(p -> name.equals(p.get("name")))
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
