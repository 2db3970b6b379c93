package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.runbookd.k8s.JsonPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What setting variables on a container would change, computed from one read of the Deployment: the
 * variables to change, their previous values (for undo), and the refusal, if any.
 */
final class EnvPlan {
  final Optional<String> refusal;
  final String container;
  final Map<String, String> previous = new LinkedHashMap<>();
  final List<String> added = new ArrayList<>();
  private final int index;
  private final List<EnvVar> current;
  private final Map<String, String> wanted;

  private EnvPlan(
      Optional<String> refusal,
      String container,
      int index,
      List<EnvVar> current,
      Map<String, String> wanted) {
    this.refusal = refusal;
    this.container = container;
    this.index = index;
    this.current = current;
    this.wanted = wanted;
  }

  static EnvPlan of(Deployment deployment, SetEnvParams p) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    int index = pick(containers, p.container());
    if (index < 0) {
      String refusal =
          p.container().isPresent()
              ? "deployment has no container '"
                  + p.container().get()
                  + "'; containers: "
                  + String.join(", ", containers.stream().map(Container::getName).toList())
              : "deployment has " + containers.size() + " containers; set container";
      return new EnvPlan(Optional.of(refusal), "", -1, List.of(), p.env());
    }
    Container c = containers.get(index);
    List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
    EnvPlan plan = new EnvPlan(Optional.empty(), c.getName(), index, env, p.env());
    return plan.diff();
  }

  private static int pick(List<Container> containers, Optional<String> name) {
    if (name.isEmpty()) {
      return containers.size() == 1 ? 0 : -1;
    }
    for (int i = 0; i < containers.size(); i++) {
      if (name.get().equals(containers.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }

  /** Records what differs; a variable set from a Secret or ConfigMap is never overwritten. */
  private EnvPlan diff() {
    for (Map.Entry<String, String> want : wanted.entrySet()) {
      List<EnvVar> same = current.stream().filter(v -> v.getName().equals(want.getKey())).toList();
      if (same.stream().anyMatch(v -> v.getValueFrom() != null)) {
        return new EnvPlan(
            Optional.of(
                want.getKey()
                    + " is set from a Secret, ConfigMap or field (valueFrom);"
                    + " runbookd does not replace it with a literal value"),
            container,
            index,
            current,
            wanted);
      }
      if (same.isEmpty()) {
        added.add(want.getKey());
      } else if (same.stream().anyMatch(v -> !want.getValue().equals(orEmpty(v.getValue())))) {
        previous.put(want.getKey(), orEmpty(same.get(same.size() - 1).getValue()));
      }
    }
    return this;
  }

  boolean needed() {
    return !previous.isEmpty() || !added.isEmpty();
  }

  /** Sets changed values in place (order kept) and appends new variables at the end. */
  JsonPatch patch(String resourceVersion) {
    String base = "/spec/template/spec/containers/" + index + "/env";
    JsonPatch patch = JsonPatch.guardedBy(resourceVersion);
    for (int i = 0; i < current.size(); i++) {
      if (previous.containsKey(current.get(i).getName())) {
        patch.add(base + "/" + i + "/value", wanted.get(current.get(i).getName()));
      }
    }
    List<Map<String, String>> appended =
        added.stream().map(name -> Map.of("name", name, "value", wanted.get(name))).toList();
    if (current.isEmpty() && !appended.isEmpty()) {
      patch.add(base, appended);
    } else {
      appended.forEach(v -> patch.add(base + "/-", v));
    }
    return patch;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
