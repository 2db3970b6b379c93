package io.runbookd.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {

  @Test
  void kubernetesLinesNameGroupResourceSubresourceAndVerbs() {
    Permission eviction = Permission.parse("core/pods/eviction: create");
    Permission deployments = Permission.parse("apps/deployments: patch, get");

    assertThat(eviction)
        .isEqualTo(new Permission.Kubernetes("", "pods", Optional.of("eviction"), new java.util.TreeSet<>(java.util.Set.of("create"))));
    assertThat(((Permission.Kubernetes) eviction).rbacResource()).isEqualTo("pods/eviction");
    assertThat(((Permission.Kubernetes) deployments).verbs()).containsExactly("get", "patch");
    assertThat(deployments.line()).isEqualTo("apps/deployments: get, patch");
  }

  @Test
  void onlyClusterScopedResourcesNeedAClusterRole() {
    assertThat(((Permission.Kubernetes) Permission.parse("core/nodes: list")).clusterScoped()).isTrue();
    assertThat(((Permission.Kubernetes) Permission.parse("metrics.k8s.io/nodes: list")).clusterScoped()).isTrue();
    assertThat(((Permission.Kubernetes) Permission.parse("metrics.k8s.io/pods: list")).clusterScoped()).isFalse();
    assertThat(((Permission.Kubernetes) Permission.parse("core/pods: list")).clusterScoped()).isFalse();
  }

  @Test
  void iamLinesListActionsAndAnOptionalResourceTemplate() {
    Permission.Iam rds =
        (Permission.Iam)
            Permission.parse("IAM: rds:DescribeDBInstances, rds:ModifyDBInstance on arn:aws:rds:*:*:db:{instance}");
    Permission.Iam cloudwatch = (Permission.Iam) Permission.parse("IAM: cloudwatch:GetMetricStatistics");

    assertThat(rds.actions()).containsExactly("rds:DescribeDBInstances", "rds:ModifyDBInstance");
    assertThat(rds.resources().get(0).placeholders()).containsExactly("instance");
    assertThat(rds.resources().get(0).fill(Map.of("instance", "nba-mcp-prod")))
        .isEqualTo("arn:aws:rds:*:*:db:nba-mcp-prod");
    assertThat(rds.resources().get(0).fill(Map.of())).isEqualTo("arn:aws:rds:*:*:db:*");
    assertThat(cloudwatch.resources()).isEmpty();
  }

  @Test
  void postgresLinesNameTheRoleToGrantWhenThereIsOne() {
    Permission.Postgres monitor = (Permission.Postgres) Permission.parse("PostgreSQL: role pg_monitor (all sessions)");
    Permission.Postgres owner =
        (Permission.Postgres) Permission.parse("PostgreSQL: membership in the role that owns table {table}");

    assertThat(monitor.role()).contains("pg_monitor");
    assertThat(owner.role()).isEmpty();
    assertThat(owner.requirement().fill(Map.of("table", "games")))
        .isEqualTo("membership in the role that owns table games");
  }

  @Test
  void pagerLinesInWordsAreCredentialsButSystemLinesAreStillParsedStrictly() {
    assertThat(Permission.parse(Catalog.Kind.PAGER, "PagerDuty Events API v2 integration key"))
        .isEqualTo(new Permission.Credential("PagerDuty Events API v2 integration key"));
    assertThat(Permission.parse(Catalog.Kind.PAGER, "IAM: sns:Publish")).isInstanceOf(Permission.Iam.class);
    assertThatThrownBy(() -> Permission.parse(Catalog.Kind.PAGER, "IAM: sns:*"))
        .hasMessageContaining("no wildcards");
    assertThatThrownBy(() -> Permission.parse(Catalog.Kind.PROBE, "PagerDuty Events API v2 integration key"))
        .hasMessageContaining("expected 'HEAD: ...'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "core/secrets: get",
        "core/pods/exec: create",
        "core/pods/attach: create",
        "core/pods: create",
        "core/pods: *",
        "*/pods: get",
        "apps/*: get",
        "apps/deployments: get, escalate",
        "rbac.authorization.k8s.io/roles: create",
        "core/serviceaccounts/token: create",
        "IAM cloudwatch:GetMetricStatistics",
        "IAM: rds:*",
        "IAM: rds:ModifyDBInstance on *",
        "kubernetes: pods",
        "apps/deployments:get",
        "network:",
      })
  void refusesLinesOutsideTheGrammarAndWhatRunbookdNeverAsksFor(String line) {
    assertThatThrownBy(() -> Permission.parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("permission '");
  }
}
