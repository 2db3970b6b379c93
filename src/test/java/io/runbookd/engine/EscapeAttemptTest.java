package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert labels are untrusted even behind a valid token. A label crafted to escape its slot (a
 * URL to another host, SQL text, a Kubernetes name with '/' or '..') is refused before any call,
 * with the reason in the incident's timeline.
 */
class EscapeAttemptTest {
  /** One probe per case, its parameter taken from the crafted label. */
  private static final Map<String, String> PROBES =
      Map.of(
          "health",
          "- id: health\n    probe: http.get\n    params: {url: {expr: \"alert.labels.health\"}}",
          "query",
          "- id: db\n    probe: sql.query\n"
              + "    params: {datasource: nba_stats, query: {expr: \"alert.labels.query\"}}",
          "ns",
          "- id: pods\n    probe: k8s.pod_status\n"
              + "    params: {namespace: {expr: \"alert.labels.ns\"}, selector: app=nba-mcp}");

  private static String rule(String label) {
    return "id: RB-E\ntitle: escape attempts\nmatch:\n  alertname: HighErrorRate\n"
        + "diagnose:\n  " + PROBES.get(label) + "\nescalate:\n  pagers: [log]\n";
  }

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "URL to another host | health | http://169.254.169.254/latest/meta-data | probe health (http.get) failed: refused parameter url",
        "URL with userinfo trick | health | https://api.nba-mcp.com@evil.example/ | probe health (http.get) failed: refused parameter url",
        "SQL text | query | connections; DROP TABLE games | probe db (sql.query) failed: refused parameter query",
        "namespace with slash | ns | kube-system/../nba-mcp | probe pods (k8s.pod_status) failed: refused parameter namespace",
        "namespace dot-dot | ns | .. | probe pods (k8s.pod_status) failed: refused parameter namespace"
      })
  void craftedLabelIsRefusedWithItsReason(String name, String label, String value, String reason)
      throws Exception {
    try (EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE,
        rule(label), UnaryOperator.identity())) {
      String id = h.open(Map.of(label, value));

      h.runDue();

      assertThat(h.messages(id)).contains(reason);
      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }
}
