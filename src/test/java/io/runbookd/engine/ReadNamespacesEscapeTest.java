package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A probe reads only in kubernetes.readNamespaces, and a label that interpolates to an empty value
 * is refused like any other invalid one: neither reaches the cluster.
 */
class ReadNamespacesEscapeTest {
  private static final String RULE =
      "id: RB-R\ntitle: reads\nmatch:\n  alertname: HighErrorRate\ndiagnose:\n"
          + "  - id: history\n    probe: k8s.rollout_history\n"
          + "    params: {namespace: {expr: alert.labels.ns}, deployment: {expr: alert.labels.deploy}}\n"
          + "  - id: pods\n    probe: k8s.pod_status\n"
          + "    params: {namespace: nba-mcp, selector: {expr: \"'app=' + alert.labels.app\"}}\n"
          + "escalate:\n  pagers: [log]\n";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a namespace outside the read list | kube-system | coredns | nba-mcp | probe history (k8s.rollout_history) failed: refused parameter"
            + " namespace: 'kube-system' is not in kubernetes.readNamespaces (nba-mcp)",
        "an empty namespace | '' | nba-mcp | nba-mcp | probe history (k8s.rollout_history) failed: refused parameter namespace:"
            + " cannot evaluate 'alert.labels.ns': its value is empty: the alert's label 'ns' is empty",
        "an empty selector value | nba-mcp | nba-mcp | '' | probe pods (k8s.pod_status) failed: refused parameter selector: 'app=' is"
            + " not a selector of key=value pairs with non-empty values"
      })
  void probeParameterFromALabelIsRefusedBeforeAnyRead(
      String name, String ns, String deploy, String app, String reason) throws Exception {
    try (EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE, RULE,
        UnaryOperator.identity())) {
      h.cluster.clearRequests();
      String id = h.open(Map.of("ns", ns, "deploy", deploy, "app", app));

      h.runDue();

      assertThat(h.messages(id)).contains(reason);
      assertThat(h.cluster.requests()).noneMatch(r -> r.contains("kube-system") || r.contains("app%3D&"));
    }
  }
}
