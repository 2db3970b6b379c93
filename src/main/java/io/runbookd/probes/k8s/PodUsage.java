package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.runbookd.k8s.Quantities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One pod's {@code kubectl top pod} line (usage summed over its containers) next to its limits and
 * requests. A pod has a limit only when every container has one: a single unlimited container makes
 * the pod's total unlimited, and a ratio to a partial sum would be wrong.
 */
record PodUsage(
    String name,
    long cpuMillicores,
    long memoryBytes,
    OptionalLong cpuLimit,
    OptionalLong memoryLimit,
    OptionalLong memoryRequest) {

  /** {@code pod} is null when the pod vanished between the two reads: no limits known. */
  static PodUsage of(PodMetrics metrics, Pod pod) {
    long cpu = usage(metrics, "cpu", Quantities::millicores);
    long memory = usage(metrics, "memory", Quantities::bytes);
    return new PodUsage(
        metrics.getMetadata().getName(),
        cpu,
        memory,
        total(pod, ResourceRequirements::getLimits, "cpu", Quantities::millicores),
        total(pod, ResourceRequirements::getLimits, "memory", Quantities::bytes),
        total(pod, ResourceRequirements::getRequests, "memory", Quantities::bytes));
  }

  OptionalDouble cpuLimitRatio() {
    return ratio(cpuMillicores, cpuLimit);
  }

  OptionalDouble memoryLimitRatio() {
    return ratio(memoryBytes, memoryLimit);
  }

  Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("cpu_millicores", cpuMillicores);
    data.put("memory_bytes", memoryBytes);
    cpuLimit.ifPresent(v -> data.put("cpu_limit_millicores", v));
    memoryLimit.ifPresent(v -> data.put("memory_limit_bytes", v));
    cpuLimitRatio().ifPresent(v -> data.put("cpu_limit_ratio", v));
    memoryLimitRatio().ifPresent(v -> data.put("memory_limit_ratio", v));
    ratio(memoryBytes, memoryRequest).ifPresent(v -> data.put("memory_request_ratio", v));
    return data;
  }

  private static long usage(
      PodMetrics metrics, String resource, Function<Quantity, Optional<Long>> parse) {
    return metrics.getContainers().stream()
        .map(c -> c.getUsage() == null ? null : c.getUsage().get(resource))
        .mapToLong(q -> parse.apply(q).orElse(0L))
        .sum();
  }

  private static OptionalLong total(
      Pod pod,
      Function<ResourceRequirements, Map<String, Quantity>> side,
      String resource,
      Function<Quantity, Optional<Long>> parse) {
    List<Container> containers =
        pod == null || pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
    long sum = 0;
    for (Container c : containers) {
      Map<String, Quantity> values = c.getResources() == null ? null : side.apply(c.getResources());
      Optional<Long> value = parse.apply(values == null ? null : values.get(resource));
      if (value.isEmpty()) {
        return OptionalLong.empty();
      }
      sum += value.get();
    }
    return containers.isEmpty() ? OptionalLong.empty() : OptionalLong.of(sum);
  }

  private static OptionalDouble ratio(long used, OptionalLong bound) {
    return bound.isPresent() && bound.getAsLong() > 0
        ? OptionalDouble.of((double) used / bound.getAsLong())
        : OptionalDouble.empty();
  }
}
