package io.runbookd.rbac;

import io.runbookd.plugin.Permission;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code validate --rbac FILE}: the Kubernetes permissions the rules' steps need that the file
 * does not grant. Warnings only: the file may be applied by other means, or be meant to refuse.
 */
public final class RbacCheck {
  private final List<String> allowed;

  /** @param allowed the namespaces actions may touch ({@code kubernetes.namespaces}) */
  public RbacCheck(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** One {@code file:line: warning: ...} line per missing verb, in rule and step order. */
  public List<String> missing(List<Need> needs, GrantedRbac granted, String shownFile) {
    List<String> warnings = new ArrayList<>();
    for (Need need : needs) {
      if (!(need.permission() instanceof Permission.Kubernetes k)) {
        continue;
      }
      for (String verb : k.verbs()) {
        if (k.clusterScoped()) {
          if (!granted.grantsClusterWide(k, verb)) {
            warnings.add(warning(need, k, verb, "cluster-wide", shownFile));
          }
          continue;
        }
        for (String ns : need.namespaces(allowed)) {
          if (!granted.grants(ns, k, verb)) {
            warnings.add(warning(need, k, verb, "in namespace " + ns, shownFile));
          }
        }
      }
    }
    return warnings;
  }

  private static String warning(Need need, Permission.Kubernetes k, String verb, String where, String file) {
    String group = k.group().isEmpty() ? "core" : k.group();
    return need.file() + ":" + need.line() + ": warning: step " + need.step() + " uses " + need.plugin()
        + ", which needs " + verb + " on " + group + "/" + k.rbacResource() + " " + where
        + "; " + file + " does not grant it";
  }
}
