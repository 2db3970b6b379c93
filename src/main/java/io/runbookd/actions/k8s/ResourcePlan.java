package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.runbookd.k8s.JsonPatch;
import io.runbookd.k8s.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What setting requests and limits on a container would change, from one read of the Deployment:
 * the resulting requests and limits, the previous values of entries changed or removed and the
 * entries added (for undo), and the refusal, if any. Quantities compare by amount, so {@code 1} and
 * {@code 1000m} are the same CPU and {@code 4Gi} the same memory as {@code 4096Mi}.
 */
final class ResourcePlan implements ContainerEdit.Plan {
  final Optional<String> refusal;
  final String container;
  final Map<String, String> previousRequests = new LinkedHashMap<>();
  final Map<String, String> previousLimits = new LinkedHashMap<>();
  final List<String> added = new ArrayList<>();
  private final int index;
  private final Map<String, String> requests;
  private final Map<String, String> limits;
  private final ResourceRequirements current;

  private ResourcePlan(
      Optional<String> refusal, String container, int index, ResourceRequirements current) {
    this.refusal = refusal;
    this.container = container;
    this.index = index;
    this.current = current;
    this.requests = texts(current.getRequests());
    this.limits = texts(current.getLimits());
  }

  static ResourcePlan of(Deployment deployment, SetResourcesParams p) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    int index = EnvPlan.pick(containers, p.container());
    if (index < 0) {
      String refusal =
          p.container().isPresent()
              ? "deployment has no container '" + p.container().get() + "'"
              : "deployment has " + containers.size() + " containers; set container";
      return new ResourcePlan(Optional.of(refusal), "", -1, new ResourceRequirements());
    }
    Container c = containers.get(index);
    ResourceRequirements now =
        c.getResources() == null ? new ResourceRequirements() : c.getResources();
    ResourcePlan plan = new ResourcePlan(Optional.empty(), c.getName(), index, now);
    plan.apply("requests", plan.requests, p.requests(), p.unset(), plan.previousRequests);
    plan.apply("limits", plan.limits, p.limits(), p.unset(), plan.previousLimits);
    return plan.exceeded()
        .map(r -> new ResourcePlan(Optional.of(r), c.getName(), index, now))
        .orElse(plan);
  }

  private void apply(
      String kind,
      Map<String, String> values,
      Map<String, String> wanted,
      List<String> unset,
      Map<String, String> previous) {
    wanted.forEach(
        (resource, value) -> {
          String old = values.put(resource, value);
          if (old == null) {
            added.add(kind + "." + resource);
          } else if (!sameAmount(old, value)) {
            previous.put(resource, old);
          } else {
            values.put(resource, old); // same amount: keep the cluster's spelling
          }
        });
    for (String entry : unset) {
      if (entry.startsWith(kind + ".")) {
        String resource = entry.substring(kind.length() + 1);
        String old = values.remove(resource);
        if (old != null) {
          previous.put(resource, old);
        }
      }
    }
  }

  /** A request above its limit, which the API server would reject. */
  private Optional<String> exceeded() {
    for (Map.Entry<String, String> request : requests.entrySet()) {
      String limit = limits.get(request.getKey());
      if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
        return Optional.of(
            request.getKey()
                + " request "
                + request.getValue()
                + " would exceed its limit "
                + limit);
      }
    }
    return Optional.empty();
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
    return !previousRequests.isEmpty() || !previousLimits.isEmpty() || !added.isEmpty();
  }

  @Override
  public Map<String, Object> undoData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("previous_requests", Map.copyOf(previousRequests));
    data.put("previous_limits", Map.copyOf(previousLimits));
    data.put("added", List.copyOf(added));
    return data;
  }

  /** Replaces the container's resources with the result; claims, if any, are kept. */
  @Override
  public JsonPatch patch(String resourceVersion) {
    Map<String, Object> resources = new LinkedHashMap<>();
    if (!requests.isEmpty()) {
      resources.put("requests", requests);
    }
    if (!limits.isEmpty()) {
      resources.put("limits", limits);
    }
    if (current.getClaims() != null && !current.getClaims().isEmpty()) {
      resources.put("claims", current.getClaims());
    }
    String path = "/spec/template/spec/containers/" + index + "/resources";
    return JsonPatch.guardedBy(resourceVersion).add(path, resources);
  }

  private static Map<String, String> texts(Map<String, Quantity> quantities) {
    Map<String, String> out = new LinkedHashMap<>();
    if (quantities != null) {
      quantities.forEach((k, v) -> out.put(k, v.toString()));
    }
    return out;
  }

  private static boolean sameAmount(String a, String b) {
    return amount(a).compareTo(amount(b)) == 0;
  }

  /** Unparsable text (from the cluster) reads as -1: never equal to a rule's value. */
  private static BigDecimal amount(String text) {
    return Quantities.parse(text).orElse(BigDecimal.ONE.negate());
  }
}
