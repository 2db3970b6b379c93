package io.runbookd.guard;

import java.util.List;
import java.util.Set;

/**
 * Actions touch only namespaces in {@code kubernetes.namespaces}, and never runbookd's own
 * namespace, whatever the allow-list says: alerts about runbookd itself only page.
 */
public final class NamespaceGuard implements Guard {
  private final Set<String> allowed;
  private final String own;

  /**
   * @param own runbookd's own namespace (from the service account), or "" outside a cluster
   */
  public NamespaceGuard(List<String> allowed, String own) {
    this.allowed = Set.copyOf(allowed);
    this.own = own;
  }

  @Override
  public String name() {
    return "namespace";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (request.target().namespace().isEmpty()) {
      return Decision.allow(name(), "target has no namespace");
    }
    String ns = request.target().namespace().get();
    if (!own.isEmpty() && ns.equals(own)) {
      return Decision.block(name(), "namespace " + ns + " is runbookd's own; it never acts on itself");
    }
    if (!allowed.contains(ns)) {
      return Decision.block(
          name(), "namespace " + ns + " is not in kubernetes.namespaces " + allowed.stream().sorted().toList());
    }
    return Decision.allow(name(), "namespace " + ns + " is allowed");
  }
}
