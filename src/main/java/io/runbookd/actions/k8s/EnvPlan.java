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
 * What setting and removing variables on a container would change, computed from one read of the
 * Deployment: the variables to change, add and remove, the previous values of those changed or
 * removed (for undo), and the refusal, if any.
 */
final class EnvPlan implements ContainerEdit.Plan {
  final Optional<String> refusal;
  final String container;
  final Map<String, String> previous = new LinkedHashMap<>();
  final List<String> added = new ArrayList<>();
  final List<String> removed = new ArrayList<>();
  private final int index;
  private final List<EnvVar> current;
  private final SetEnvParams wanted;

  private EnvPlan(
      Optional<String> refusal,
      String container,
      int index,
      List<EnvVar> current,
      SetEnvParams wanted) {
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
      return new EnvPlan(Optional.of(refusal), "", -1, List.of(), p);
    }
    Container c = containers.get(index);
    List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
    return new EnvPlan(Optional.empty(), c.getName(), index, env, p).diff();
  }

  static int pick(List<Container> containers, Optional<String> name) {
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

  /**
   * Records what differs. A variable set from a Secret, ConfigMap or field is never overwritten nor
   * removed: runbookd could not put it back (its undo sets literal values).
   */
  private EnvPlan diff() {
    for (Map.Entry<String, String> want : wanted.env().entrySet()) {
      List<EnvVar> same = named(want.getKey());
      if (same.stream().anyMatch(v -> v.getValueFrom() != null)) {
        return refused(want.getKey(), "replace it with a literal value");
      }
      if (same.isEmpty()) {
        added.add(want.getKey());
      } else if (same.stream().anyMatch(v -> !want.getValue().equals(orEmpty(v.getValue())))) {
        previous.put(want.getKey(), orEmpty(same.get(same.size() - 1).getValue()));
      }
    }
    for (String name : wanted.unset()) {
      List<EnvVar> same = named(name);
      if (same.stream().anyMatch(v -> v.getValueFrom() != null)) {
        return refused(name, "remove it");
      }
      if (!same.isEmpty()) {
        removed.add(name);
        previous.put(name, orEmpty(same.get(same.size() - 1).getValue()));
      }
    }
    return this;
  }

  private List<EnvVar> named(String name) {
    return current.stream().filter(v -> v.getName().equals(name)).toList();
  }

  private EnvPlan refused(String name, String what) {
    String reason =
        name + " is set from a Secret, ConfigMap or field (valueFrom); runbookd does not " + what;
    return new EnvPlan(Optional.of(reason), container, index, current, wanted);
  }

  @Override
  public Optional<String> refusal() {
    return refusal;
  }

  @Override
  public String container() {
    return container;
  }

  @Override
  public boolean needed() {
    return !previous.isEmpty() || !added.isEmpty();
  }

  @Override
  public Map<String, Object> undoData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("previous", Map.copyOf(previous));
    data.put("added", List.copyOf(added));
    return data;
  }

  /**
   * Sets changed values in place (order kept), then removes from the end backwards (so earlier
   * indices stay valid), then appends new variables.
   */
  @Override
  public JsonPatch patch(String resourceVersion) {
    String base = "/spec/template/spec/containers/" + index + "/env";
    JsonPatch patch = JsonPatch.guardedBy(resourceVersion);
    for (int i = 0; i < current.size(); i++) {
      String name = current.get(i).getName();
      if (previous.containsKey(name) && wanted.env().containsKey(name)) {
        patch.add(base + "/" + i + "/value", wanted.env().get(name));
      }
    }
    for (int i = current.size() - 1; i >= 0; i--) {
      if (removed.contains(current.get(i).getName())) {
        patch.remove(base + "/" + i);
      }
    }
    List<Map<String, String>> appended =
        added.stream().map(name -> Map.of("name", name, "value", wanted.env().get(name))).toList();
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
