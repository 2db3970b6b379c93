package io.runbookd.rbac;

import io.runbookd.plugin.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Merges the needs of every step into one {@link RbacPlan}. */
public final class RbacPlanner {
  private final List<String> allowed;

  /** @param allowed the namespaces actions may touch ({@code kubernetes.namespaces}) */
  public RbacPlanner(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public RbacPlan plan(List<Need> needs) {
    RbacPlan plan =
        new RbacPlan(new TreeMap<>(), new TreeMap<>(), new ArrayList<>(), new TreeMap<>(),
            new TreeMap<>(), new TreeMap<>());
    for (Need need : needs) {
      Permission permission = need.permission();
      if (permission instanceof Permission.Kubernetes k) {
        kubernetes(plan, need, k);
      } else if (permission instanceof Permission.Iam iam) {
        iam(plan, need, iam);
      } else if (permission instanceof Permission.Postgres pg) {
        postgres(plan, need, pg);
      } else if (permission instanceof Permission.Network n) {
        plan.network().computeIfAbsent(n.description(), d -> new TreeSet<>()).add(need.plugin());
      } else if (permission instanceof Permission.Application a) {
        plan.network().computeIfAbsent(a.line(), d -> new TreeSet<>()).add(need.plugin());
      }
      // a Credential is a pager's secret: configuration, not a grant
    }
    return plan;
  }

  private void kubernetes(RbacPlan plan, Need need, Permission.Kubernetes k) {
    if (k.clusterScoped()) {
      add(plan.cluster(), need, k);
      return;
    }
    List<String> namespaces = need.namespaces(allowed);
    if (namespaces.isEmpty()) {
      plan.notGranted().add(need.where() + " acts in namespace " + need.namespace().orElse("")
          + ", outside kubernetes.namespaces: the namespace guard refuses it");
    }
    for (String ns : namespaces) {
      add(plan.roles().computeIfAbsent(ns, n -> new TreeMap<>()), need, k);
    }
  }

  private static void add(SortedMap<String, KubeGrant> rules, Need need, Permission.Kubernetes k) {
    KubeGrant grant =
        rules.computeIfAbsent(KubeGrant.key(k.group(), k.rbacResource()), key -> new KubeGrant(k.group(), k.rbacResource()));
    grant.verbs.addAll(k.verbs());
    grant.plugins.add(need.plugin());
    grant.rules.add(need.rule());
  }

  private static void iam(RbacPlan plan, Need need, Permission.Iam iam) {
    List<String> resources = iam.resources().isEmpty() ? List.of("*")
        : iam.resources().stream().map(r -> r.fill(need.literals())).toList();
    for (String action : iam.actions()) {
      plan.iam().computeIfAbsent(action, a -> new TreeSet<>()).addAll(resources);
    }
  }

  private static void postgres(RbacPlan plan, Need need, Permission.Postgres pg) {
    String datasource = need.literals().getOrDefault("datasource", "*");
    String what = pg.role().map(r -> RbacPlan.GRANT + r).orElse(pg.requirement().fill(need.literals()));
    plan.postgres()
        .computeIfAbsent(datasource, d -> new TreeMap<>(RbacPlan.GRANTS_FIRST))
        .computeIfAbsent(what, w -> new TreeSet<>())
        .add(need.plugin());
  }
}
