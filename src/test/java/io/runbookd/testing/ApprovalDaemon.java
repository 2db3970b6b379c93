package io.runbookd.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real daemon in enforce mode against fabric8's mock cluster, with a rule whose one step
 * (a rollout restart of {@code nba-mcp/nba-mcp}) waits for approval, and both API tokens set.
 * Each alert names its own {@code deployment} label and the rule groups by it, so each opens an
 * incident of its own.
 */
public final class ApprovalDaemon implements AutoCloseable {
  public static final String ADMIN = "console-admin-token-0123456789";
  public static final String READ = "console-read-token-0123456789";
  public static final String ALERT = "ConsoleTestAlert";
  public static final String RULE = """
      id: RB-CONSOLE
      title: restart after a human approves
      match:
        alertname: ConsoleTestAlert
      group_by: [alertname, deployment]
      remediate:
        - id: restart
          action: k8s.rollout_restart
          approval: required
          params: {namespace: nba-mcp, deployment: nba-mcp}
      escalate:
        pagers: [log]
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  public final MockCluster cluster;
  public final TestDaemon daemon;

  public ApprovalDaemon(Path dir, Map<String, Object> extra) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("RB-CONSOLE.yaml"), RULE);
    Map<String, Object> settings = new HashMap<>(Map.of("mode", "enforce", "api.token", ADMIN,
        "api.readToken", READ, "rules.dir", rules.toString()));
    settings.putAll(extra);
    cluster = MockCluster.start();
    TestDaemon started;
    try {
      started = TestDaemon.start(StoreKind.SQLITE.config(dir), settings, cluster);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    daemon = started;
  }

  /** Posts one firing alert; returns the id of the incident that holds it. */
  public String alert(String deployment, Map<String, String> labels, Map<String, String> annotations) throws IOException {
    ObjectNode alert = JSON.createObjectNode().put("status", "firing").put("startsAt", Instant.now().toString())
        .put("endsAt", "0001-01-01T00:00:00Z").put("generatorURL", "http://127.0.0.1:9/graph?g0.expr=up")
        .put("fingerprint", String.format("%08x%08x", deployment.hashCode(), 10));
    Map<String, String> all = new LinkedHashMap<>(Map.of("alertname", ALERT, "namespace", "nba-mcp",
        "deployment", deployment, "severity", "critical"));
    all.putAll(labels);
    alert.set("labels", JSON.valueToTree(all));
    alert.set("annotations", JSON.valueToTree(annotations));
    ObjectNode body = JSON.createObjectNode().put("version", "4").put("groupKey", "{}:{alertname=\"" + ALERT + "\"}")
        .put("status", "firing").put("receiver", "runbookd").put("externalURL", "http://127.0.0.1:9");
    body.set("groupLabels", JSON.valueToTree(Map.of("alertname", ALERT)));
    body.putArray("alerts").add(alert);
    JsonNode answer = JSON.readTree(daemon.postWebhook(JSON.writeValueAsString(body)).body());
    return answer.path("incidents").path(0).asText();
  }

  public String alert(String deployment) throws IOException {
    return alert(deployment, Map.of(), Map.of("summary", "console test for " + deployment));
  }

  /** An incident whose restart step waits for approval. */
  public String waitingIncident(String deployment) throws IOException {
    String id = alert(deployment);
    awaitStatus(id, "awaiting_approval");
    return id;
  }

  public JsonNode incident(String id) throws IOException {
    return JSON.readTree(daemon.get("/api/v1/incidents/" + id).body());
  }

  public String status(String id) throws IOException {
    return incident(id).path("status").asText();
  }

  /** Every timeline line of the incident, kind and message, one per line. */
  public String timeline(String id) throws IOException {
    StringBuilder out = new StringBuilder();
    incident(id).path("timeline").forEach(e -> out.append(e.path("kind").asText()).append(": ")
        .append(e.path("message").asText()).append('\n'));
    return out.toString();
  }

  public void awaitStatus(String id, String... statuses) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> List.of(statuses).contains(incident(id).path("status").asText()));
  }

  public java.net.URI uri(String path) {
    return daemon.uri(path);
  }

  public java.net.http.HttpResponse<String> send(java.net.http.HttpRequest request) {
    return daemon.send(request);
  }

  /** The PATCHes the restart sent to the Deployment. */
  public long restarts() {
    return cluster.mutatingRequests().stream()
        .filter(r -> r.startsWith("PATCH /apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp")).count();
  }

  @Override
  public void close() {
    try {
      daemon.close();
    } finally {
      cluster.close();
    }
  }
}
