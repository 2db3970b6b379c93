package io.runbookd.actions.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code k8s.set_env} changes: variables to set (in the order given) and variables to remove,
 * on one container of a Deployment's pod template; the container may be omitted when the template
 * has only one. Binding makes sure at least one variable is named and none is both set and unset.
 */
public record SetEnvParams(
    String namespace,
    String deployment,
    Map<String, String> env,
    Optional<String> container,
    List<String> unset) {
  public SetEnvParams {
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    unset = List.copyOf(unset);
  }

  /** Variables to set only, as before {@code unset} existed. */
  public SetEnvParams(
      String namespace, String deployment, Map<String, String> env, Optional<String> container) {
    this(namespace, deployment, env, container, List.of());
  }

  String ref() {
    return namespace + "/" + deployment;
  }
}
