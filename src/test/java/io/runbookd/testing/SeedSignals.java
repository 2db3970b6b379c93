package io.runbookd.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.runbookd.k8s.K8sTime;
import io.runbookd.testing.MockCluster.Seed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the seed's pods say mid-incident besides their status ({@link Seed}): their logs, their
 * usage in the metrics API, and the namespace's events. The OOM pod logs errors and holds 7.5Gi of
 * its 8Gi; the crashing pod logs a few errors before dying; the ready pod is quiet and busy.
 */
public final class SeedSignals {
  /** ERROR lines in the OOM pod's last 100 lines; 20 older ones lie beyond that tail. */
  public static final long OOM_ERRORS = 37;

  public static final long OOM_OLDER_ERRORS = 20;
  public static final long CRASH_ERRORS = 4;

  public static final String METRICS_PATH =
      "/apis/metrics.k8s.io/v1beta1/namespaces/nba-mcp/pods?labelSelector=app%3Dnba-mcp";

  private SeedSignals() {}

  /** Logs, metrics and events; requests recorded from here on. */
  public static void into(MockCluster cluster) {
    logs(cluster);
    metrics(cluster);
    events(cluster);
    cluster.clearRequests();
  }

  static void logs(MockCluster cluster) {
    List<String> oom = new ArrayList<>();
    IntStream.range(0, (int) OOM_OLDER_ERRORS).forEach(i -> oom.add(line("ERROR", "old " + i)));
    // 63 INFO then 34 ERROR, plus the 3 below: 37 errors in the last 100 lines
    for (int i = 0; i < 97; i++) {
      oom.add(i < 63 ? line("INFO", "GET /v1/games 200") : line("ERROR", "pool wait " + i));
    }
    oom.add(line("ERROR", "db login failed for password=hunter2 user=app"));
    oom.add(
        "\u001b[31m" + line("ERROR", "java.lang.OutOfMemoryError: Java heap space") + "\u001b[0m");
    oom.add(line("ERROR", "x".repeat(400)));
    cluster.podLog(Seed.NAMESPACE, Seed.POD_OOM, Seed.CONTAINER, String.join("\n", oom) + "\n");
    cluster.podLog(
        Seed.NAMESPACE,
        Seed.POD_CRASHING,
        Seed.CONTAINER,
        String.join(
            "\n",
            line("INFO", "starting"),
            line("ERROR", "config: DB_HOST unset"),
            line("ERROR", "retrying"),
            line("WARN", "slow"),
            line("ERROR", "retrying"),
            line("ERROR", "giving up")));
    List<String> quiet = new ArrayList<>();
    IntStream.range(0, 50).forEach(i -> quiet.add(line("INFO", "GET /v1/players 200")));
    quiet.add(line("INFO", "retried after error: none left")); // lower case: no match
    cluster.podLog(Seed.NAMESPACE, Seed.POD_READY, Seed.CONTAINER, String.join("\n", quiet));
  }

  private static String line(String level, String message) {
    return "2025-10-12T11:59:00Z " + level + " " + message;
  }

  /** As metrics-server writes it: CPU in nanocores, memory in Ki or plain bytes. */
  static void metrics(MockCluster cluster) {
    String list =
        """
        {"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {},
         "items": [%s, %s, %s]}
        """
            .formatted(
                podMetrics(Seed.POD_READY, "610000000n", "2097152Ki"),
                podMetrics(Seed.POD_OOM, "250000000n", "7864320Ki"),
                podMetrics(Seed.POD_CRASHING, "4500000n", "536870912"));
    cluster.server().expect().get().withPath(METRICS_PATH).andReturn(200, list).always();
  }

  private static String podMetrics(String pod, String cpu, String memory) {
    return """
    {"metadata": {"name": "%s", "namespace": "nba-mcp", "labels": {"app": "nba-mcp"}},
     "timestamp": "2025-10-12T11:59:30Z", "window": "15s",
     "containers": [{"name": "api", "usage": {"cpu": "%s", "memory": "%s"}}]}
    """
        .formatted(pod, cpu, memory);
  }

  /**
   * Warnings in the last hour: BackOff on the two failing pods and on one replaced since, probes
   * failing on the OOM pod, a FailedCreate on the current ReplicaSet, a FailedScheduling written
   * the events.k8s.io way (eventTime and series, no lastTimestamp); BackOff of other workloads (one
   * a sibling whose name starts with nba-mcp-); one Normal scaling event; one warning two hours
   * old.
   */
  static void events(MockCluster cluster) {
    List<SeedEvent> events =
        List.of(
            new SeedEvent(
                "BackOff",
                "Pod/" + Seed.POD_CRASHING,
                12,
                2,
                BACK_OFF + " in pod " + Seed.POD_CRASHING),
            new SeedEvent(
                "BackOff", "Pod/" + Seed.POD_OOM, 3, 4, BACK_OFF + "\u001b[0m\r\nforged: line"),
            new SeedEvent("Unhealthy", "Pod/" + Seed.POD_OOM, 7, 6, PROBE_503 + "y".repeat(400)),
            new SeedEvent("FailedCreate", "ReplicaSet/nba-mcp-rev7", 1, 10, "exceeded quota"),
            new SeedEvent("BackOff", "Pod/nba-mcp-rev6-q2x8z", 2, 30, BACK_OFF),
            new SeedEvent("BackOff", "Pod/other-app-1", 5, 3, BACK_OFF),
            new SeedEvent("BackOff", "Pod/nba-mcp-canary-rev3-k9w2p", 1, 8, BACK_OFF),
            new SeedEvent("ScalingReplicaSet", "Deployment/nba-mcp", 1, 12, "Scaled up to 3"),
            new SeedEvent("Unhealthy", "Pod/" + Seed.POD_OOM, 40, 120, "Liveness probe failed"));
    for (int i = 0; i < events.size(); i++) {
      create(cluster, events.get(i).yaml("e" + (i + 1)));
    }
    String scheduling =
        """
        apiVersion: v1
        kind: Event
        metadata: {name: e10}
        type: Warning
        reason: FailedScheduling
        message: "0/3 nodes are available: 3 Insufficient memory."
        eventTime: "%s"
        series: {count: 5, lastObservedTime: "%s"}
        involvedObject: {kind: Pod, name: nba-mcp-7f9c-pending, namespace: nba-mcp}
        """
            .formatted(micro(40), micro(20));
    create(cluster, scheduling);
  }

  private static final String BACK_OFF = "Back-off restarting failed container api";
  private static final String PROBE_503 = "Readiness probe failed: HTTP probe failed with 503 ";

  /** A core/v1 Event as the kubelet writes it; ScalingReplicaSet is Normal, the rest Warning. */
  private record SeedEvent(
      String reason, String object, int count, int minutesAgo, String message) {
    String yaml(String name) {
      String[] kindName = object.split("/");
      return """
      apiVersion: v1
      kind: Event
      metadata: {name: %s}
      type: %s
      reason: %s
      message: %s
      count: %d
      firstTimestamp: "%s"
      lastTimestamp: "%s"
      involvedObject: {kind: %s, name: %s, namespace: nba-mcp}
      """
          .formatted(
              name,
              reason.startsWith("Scaling") ? "Normal" : "Warning",
              reason,
              quoted(message),
              count,
              K8sTime.format(Seed.NOW.minus(Duration.ofMinutes(minutesAgo + 60L))),
              K8sTime.format(Seed.NOW.minus(Duration.ofMinutes(minutesAgo))),
              kindName[0],
              kindName[1]);
    }
  }

  /** A JSON string, which YAML reads as a double-quoted scalar, escapes included. */
  private static String quoted(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }

  private static String micro(int minutesAgo) {
    return Seed.NOW.minus(Duration.ofMinutes(minutesAgo)).toString().replace("Z", ".000000Z");
  }

  private static void create(MockCluster cluster, String yaml) {
    HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    cluster.client().resource(object).inNamespace(Seed.NAMESPACE).create();
  }
}
