package io.runbookd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.ConfigLoader;
import io.runbookd.server.OfflinePlugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The RBAC shipped in deploy/kubernetes is what {@code rbac} derives from the shipped rules, and
 * a new step adds exactly what its plugin uses.
 */
class RbacCommandTest {
  static final Path SHIPPED = Path.of("deploy/kubernetes/base/rbac.yaml");
  private static OfflinePlugins offline;

  @BeforeAll
  static void plugins() {
    offline =
        new OfflinePlugins(
            new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).load(Path.of("config/runbookd.yaml")));
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static String rbac(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RbacCommand(() -> offline));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
    return out.toString();
  }

  @Test
  void shippedManifestIsWhatTheShippedRulesNeed() throws IOException {
    String generated = rbac("--rules", "rules");

    if (Boolean.getBoolean("runbookd.updateGoldens")) {
      Files.writeString(SHIPPED, generated);
    }

    assertThat(Files.readString(SHIPPED))
        .as("deploy/kubernetes/rbac.yaml is stale: java -jar target/runbookd.jar rbac > " + SHIPPED)
        .isEqualTo(generated);
  }

  @Test
  void neverAWildcardSecretsExecOrPodCreation() {
    Map<String, Set<String>> rules = roleRules(rbac("--rules", "rules"), "nba-mcp");

    assertThat(rules).isNotEmpty();
    rules.forEach(
        (resource, verbs) -> {
          assertThat(resource).doesNotContain("*", "secrets", "exec", "attach", "portforward", "proxy");
          assertThat(verbs).doesNotContain("*", "escalate", "bind", "impersonate");
        });
    assertThat(rules.get("/pods")).doesNotContain("create");
  }

  @Test
  void anAutoscalerStepAddsExactlyTheVerbsItsActionUses(@TempDir Path dir) throws IOException {
    copyShippedRules(dir);
    Files.delete(dir.resolve("RB-202.yaml")); // it sets the autoscaler's bounds already
    String before = rbac("--rules", dir.toString());
    Files.writeString(
        dir.resolve("RB-900.yaml"),
        "id: RB-900\ntitle: widen the autoscaler\nmatch:\n  alertname: AutoscalerAtMax\n"
            + "remediate:\n  - id: widen\n    action: k8s.patch_hpa\n"
            + "    params: {namespace: nba-mcp, hpa: nba-mcp, min_replicas: 3, max_replicas: 12}\n");

    String after = rbac("--rules", dir.toString());

    Map<String, Set<String>> changed = new TreeMap<>(roleRules(after, "nba-mcp"));
    roleRules(before, "nba-mcp").forEach((resource, verbs) -> changed.remove(resource, verbs));
    assertThat(roleRules(before, "nba-mcp"))
        .as("RB-002 lists autoscalers already")
        .containsEntry("autoscaling/horizontalpodautoscalers", Set.of("list"));
    assertThat(changed)
        .isEqualTo(Map.of("autoscaling/horizontalpodautoscalers", Set.of("get", "list", "patch")));
    assertThat(roleRules(after, "nba-mcp").keySet()).isEqualTo(roleRules(before, "nba-mcp").keySet());
    assertThat(kinds(after)).isEqualTo(kinds(before)).doesNotContain("ClusterRole");
    assertThat(comments(after)).isEqualTo(comments(before));
  }

  @Test
  void clusterScopedNothingForTheShippedRules() {
    String generated = rbac("--rules", "rules");

    assertThat(kinds(generated)).containsExactly("Role", "RoleBinding");
  }

  @Test
  void namespaceFlagsReplaceTheConfiguredAllowList() {
    String generated = rbac("--rules", "rules", "--namespace", "shop", "--service-account", "ops/remediator");

    assertThat(generated)
        .contains("# Not granted: rules/RB-101.yaml:")
        .contains("kind: Role\nmetadata:\n  name: runbookd\n  namespace: nba-mcp\n")
        .contains("subjects:\n  - kind: ServiceAccount\n    name: remediator\n    namespace: ops\n")
        .doesNotContain("namespace: shop");
    assertThat(roleRules(generated, "nba-mcp"))
        .as("only the probes' reads: the namespace guard refuses actions outside the allow-list")
        .doesNotContainKeys("/pods/eviction")
        .containsEntry("apps/deployments", Set.of("get"));
  }

  /** The rules of the Role in {@code namespace}: {@code group/resource} to verbs. */
  @SuppressWarnings("unchecked")
  static Map<String, Set<String>> roleRules(String manifest, String namespace) {
    Map<String, Set<String>> rules = new TreeMap<>();
    for (Map<String, Object> doc : docs(manifest)) {
      Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
      if ("Role".equals(doc.get("kind")) && namespace.equals(meta.get("namespace"))) {
        for (Map<String, List<String>> rule : (List<Map<String, List<String>>>) doc.get("rules")) {
          for (String resource : rule.get("resources")) {
            rules.put(rule.get("apiGroups").get(0) + "/" + resource, new TreeSet<>(rule.get("verbs")));
          }
        }
      }
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> docs(String manifest) {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(manifest)) {
      if (doc != null) {
        docs.add((Map<String, Object>) doc);
      }
    }
    return docs;
  }

  private static List<Object> kinds(String manifest) {
    return docs(manifest).stream().map(d -> d.get("kind")).toList();
  }

  private static String comments(String manifest) {
    return manifest.substring(manifest.indexOf("\n# PostgreSQL"));
  }

  private static void copyShippedRules(Path dir) throws IOException {
    try (var files = Files.list(Path.of("rules"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
  }
}
