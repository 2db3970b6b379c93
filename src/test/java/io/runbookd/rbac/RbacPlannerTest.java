package io.runbookd.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.rules.LoadResult;
import io.runbookd.rules.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where each need lands: which namespace's Role, the ClusterRole, or nowhere. */
class RbacPlannerTest {
  private static final Param NAMESPACE = Param.required("namespace", ParamType.STRING, "namespace", Check.NONE);
  private static final Param INSTANCE = Param.optional("instance", ParamType.STRING, "instance", Check.NONE);

  private static final Catalog CATALOG =
      new Catalog() {
        private final Map<String, PluginInfo> probes =
            Map.of(
                "t.nodes", info("t.nodes", List.of(), "core/nodes: list"),
                "t.pods", info("t.pods", List.of(NAMESPACE), "core/pods: list"));
        private final Map<String, PluginInfo> actions =
            Map.of(
                "t.evict", info("t.evict", List.of(NAMESPACE), "core/pods/eviction: create"),
                "t.resize", info("t.resize", List.of(INSTANCE), "IAM: rds:ModifyDBInstance on arn:aws:rds:*:*:db:{instance}"));

        @Override
        public Optional<PluginInfo> find(Kind kind, String name) {
          return Optional.ofNullable(
              switch (kind) {
                case PROBE -> probes.get(name);
                case ACTION -> actions.get(name);
                case PAGER -> name.equals("log") ? info("log", List.of(), "none: writes to the log") : null;
              });
        }

        @Override
        public SortedSet<String> names(Kind kind) {
          return new TreeSet<>(kind == Kind.PROBE ? probes.keySet() : kind == Kind.ACTION ? actions.keySet() : Set.of("log"));
        }
      };

  @TempDir Path dir;

  private static PluginInfo info(String name, List<Param> params, String permission) {
    return new PluginInfo(name, name, "", params, List.of(permission));
  }

  private RbacPlan plan(String steps, String... allowed) throws IOException {
    Files.writeString(dir.resolve("r.yaml"), "id: R-1\ntitle: t\nmatch:\n  alertname: A\n" + steps);
    LoadResult loaded = new RuleLoader(CATALOG).load(dir);
    assertThat(loaded.lines()).isEmpty();
    return new RbacPlanner(List.of(allowed)).plan(new Needs(CATALOG).of(loaded.ruleSet().orElseThrow()));
  }

  @Test
  void aComputedNamespaceNeedsTheVerbInEveryAllowedNamespace() throws IOException {
    RbacPlan plan =
        plan("remediate:\n  - id: evict\n    action: t.evict\n    params: {namespace: {expr: alert.labels.namespace}}\n", "a", "b");

    assertThat(plan.roles().keySet()).containsExactly("a", "b");
    assertThat(plan.verbsIn("b")).isEqualTo(Map.of("/pods/eviction", Set.of("create")));
    assertThat(plan.cluster()).isEmpty();
  }

  @Test
  void aClusterScopedReadGoesToTheClusterRoleOnly() throws IOException {
    RbacPlan plan = plan("diagnose:\n  - id: nodes\n    probe: t.nodes\n", "a");

    assertThat(plan.roles()).isEmpty();
    assertThat(plan.cluster().keySet()).containsExactly("/nodes");
    String manifest = RbacManifest.render(plan, new RbacManifest.Subject("ops", "rb"), Map.of());
    assertThat(manifest).contains("kind: ClusterRole\n", "kind: ClusterRoleBinding\n").doesNotContain("kind: Role\n");
  }

  @Test
  void probesReadWhereTheyNameButActionsOnlyActInsideTheAllowList() throws IOException {
    RbacPlan plan =
        plan(
            "diagnose:\n  - id: pods\n    probe: t.pods\n    params: {namespace: other}\n"
                + "remediate:\n  - id: evict\n    action: t.evict\n    params: {namespace: other}\n",
            "a");

    assertThat(plan.roles().keySet()).containsExactly("other");
    assertThat(plan.verbsIn("other")).isEqualTo(Map.of("/pods", Set.of("list")));
    assertThat(plan.notGranted()).singleElement().asString().contains("step evict (t.evict)", "outside kubernetes.namespaces");
  }

  @Test
  void iamResourcesComeFromLiteralParamsAndFallBackToAnyWhenComputed() throws IOException {
    RbacPlan literal = plan("remediate:\n  - id: r\n    action: t.resize\n    params: {instance: db-1}\n", "a");
    RbacPlan computed =
        plan("remediate:\n  - id: r\n    action: t.resize\n    params: {instance: {expr: alert.labels.db}}\n", "a");

    assertThat(literal.iam()).isEqualTo(Map.of("rds:ModifyDBInstance", Set.of("arn:aws:rds:*:*:db:db-1")));
    assertThat(computed.iam()).isEqualTo(Map.of("rds:ModifyDBInstance", Set.of("arn:aws:rds:*:*:db:*")));
  }

  @Test
  void aStagedRunbookNeedsWhatItsStageActionsGateChecksAndRollbackCheckUse() throws IOException {
    RbacPlan plan =
        plan(
            """
            stages:
              - id: shadow
                actions:
                  - id: evict
                    action: t.evict
                    params: {namespace: a}
                gate:
                  for: 1h
                  every: 5m
                  checks:
                    - id: pods
                      probe: t.pods
                      params: {namespace: b}
                      condition: "true"
            verify_rollback:
              probe: t.nodes
              condition: "true"
              within: 1m
            """,
            "a");

    assertThat(plan.verbsIn("a")).isEqualTo(Map.of("/pods/eviction", Set.of("create")));
    assertThat(plan.verbsIn("b")).isEqualTo(Map.of("/pods", Set.of("list")));
    assertThat(plan.cluster().keySet()).containsExactly("/nodes");
  }
}
