package io.runbookd.rbac;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Everything a rule set needs, merged: Kubernetes rules per namespace and cluster-wide, then the
 * grants outside Kubernetes. Built by {@link RbacPlanner}, printed by {@link RbacManifest}.
 *
 * @param roles namespace to the rules of its Role, by {@code group/resource}
 * @param cluster the rules of the ClusterRole (cluster-scoped reads), by {@code group/resource}
 * @param notGranted steps that get nothing, with why (actions outside the allowed namespaces)
 * @param postgres datasource ({@code *}: every one) to requirement ({@value #GRANT}ROLE for a
 *     role membership, else the plugin's words) to the plugins that need it
 * @param iam IAM action to the resource ARNs it is needed on ({@code *}: every resource)
 * @param network where plugins connect, to the plugins that do
 */
public record RbacPlan(
    SortedMap<String, SortedMap<String, KubeGrant>> roles,
    SortedMap<String, KubeGrant> cluster,
    List<String> notGranted,
    SortedMap<String, SortedMap<String, SortedSet<String>>> postgres,
    SortedMap<String, SortedSet<String>> iam,
    SortedMap<String, SortedSet<String>> network) {

  /** How a role membership reads among the PostgreSQL requirements. */
  public static final String GRANT = "GRANT ";

  /** Role grants before the requirements in words. */
  static final java.util.Comparator<String> GRANTS_FIRST =
      java.util.Comparator.comparing((String k) -> !k.startsWith(GRANT))
          .thenComparing(java.util.Comparator.naturalOrder());

  /** The {@code apiGroup/resource} keys and verbs granted in {@code namespace}, for tests. */
  public Map<String, SortedSet<String>> verbsIn(String namespace) {
    SortedMap<String, KubeGrant> rules = roles.getOrDefault(namespace, new java.util.TreeMap<>());
    Map<String, SortedSet<String>> out = new java.util.TreeMap<>();
    rules.forEach((key, grant) -> out.put(key, grant.verbs));
    return out;
  }
}
