package io.runbookd.rbac;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Permission;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One permission that one step of one rule needs.
 *
 * @param file the rule file, as problems show it
 * @param line where the step starts
 * @param literals the step's parameters written as literal scalars, as text; parameters a step
 *     computes at run time are absent
 */
public record Need(
    String rule,
    String file,
    int line,
    String step,
    Catalog.Kind kind,
    String plugin,
    Permission permission,
    Map<String, String> literals) {

  public Need {
    literals = Map.copyOf(literals);
  }

  /** The namespace the step names literally, if it does. */
  public Optional<String> namespace() {
    return Optional.ofNullable(literals.get("namespace"));
  }

  /**
   * The namespaces a namespaced Kubernetes permission is needed in: the step's own literal
   * namespace, or every allowed one when the step computes it. An action outside the allowed
   * namespaces needs nothing: the namespace guard refuses it before any call.
   */
  public List<String> namespaces(List<String> allowed) {
    Optional<String> literal = namespace();
    if (literal.isEmpty()) {
      return List.copyOf(allowed);
    }
    if (kind == Catalog.Kind.ACTION && !allowed.contains(literal.get())) {
      return List.of();
    }
    return List.of(literal.get());
  }

  /** {@code rules/RB-101.yaml:42: step raise_pool (k8s.set_env)}. */
  public String where() {
    return file + ":" + line + ": step " + step + " (" + plugin + ")";
  }
}
