package io.runbookd.actions.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code k8s.set_env} sets: variables (in the order given) on one container of a Deployment's
 * pod template; the container may be omitted when the template has only one.
 */
public record SetEnvParams(
    String namespace, String deployment, Map<String, String> env, Optional<String> container) {
  public SetEnvParams {
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  String ref() {
    return namespace + "/" + deployment;
  }
}
