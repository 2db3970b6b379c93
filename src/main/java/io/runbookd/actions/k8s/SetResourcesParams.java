package io.runbookd.actions.k8s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code k8s.set_resources} changes on one container of a Deployment's pod template: requests
 * and limits to set ({@code cpu}, {@code memory}) and entries to remove ({@code requests.cpu},
 * {@code limits.memory}, ...). Binding checks that something is named, that nothing is both set and
 * removed, and that a request given with its limit does not exceed it.
 */
public record SetResourcesParams(
    String namespace,
    String deployment,
    Optional<String> container,
    Map<String, String> requests,
    Map<String, String> limits,
    List<String> unset) {
  public SetResourcesParams {
    requests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
    unset = List.copyOf(unset);
  }

  String ref() {
    return namespace + "/" + deployment;
  }
}
