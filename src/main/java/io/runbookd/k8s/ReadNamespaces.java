package io.runbookd.k8s;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.PluginInfo;
import java.util.List;
import java.util.Optional;

/**
 * The namespaces Kubernetes probes may read ({@code kubernetes.readNamespaces}, by default {@code
 * kubernetes.namespaces}). A probe's {@code namespace} is checked against them when rules load
 * and again when a value built from alert labels is resolved, so a crafted label cannot make a
 * probe read {@code kube-system} or any other namespace.
 */
public record ReadNamespaces(List<String> names) {
  public ReadNamespaces {
    names = List.copyOf(names);
  }

  public static ReadNamespaces of(String... names) {
    return new ReadNamespaces(List.of(names));
  }

  /** A namespace name that is also one of these. */
  public Check check() {
    return value -> Checks.K8S_LABEL_NAME.problem(value).or(() -> names.contains(String.valueOf(value))
        ? Optional.empty()
        : Optional.of("'" + Checks.clip(value) + "' is not in kubernetes.readNamespaces ("
            + (names.isEmpty() ? "none" : String.join(", ", names)) + ")"));
  }

  /** {@code info} with its {@code namespace} parameter limited to these namespaces. */
  public PluginInfo limit(PluginInfo info) {
    List<Param> params = info.params().stream()
        .map(p -> p.name().equals(KubeParams.NAMESPACE.name()) ? limit(p) : p)
        .toList();
    return new PluginInfo(info.name(), info.summary(), info.example(), params, info.permissions(),
        info.sensitiveData());
  }

  private Param limit(Param namespace) {
    return new Param(namespace.name(), namespace.type(), namespace.required(),
        namespace.description() + ", one of kubernetes.readNamespaces", check(), namespace.redaction());
  }
}
