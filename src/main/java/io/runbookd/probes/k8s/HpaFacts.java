package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricValueStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HorizontalPodAutoscaler as probe data: its bounds and replica counts, and per metric what it
 * targets and what it measured last (absent until the controller has measured). Values the
 * autoscaler has not reported are left out, never written as zero.
 */
record HpaFacts(
    String name,
    String deployment,
    long min,
    long max,
    long current,
    long desired,
    List<Map<String, Object>> metrics) {

  static HpaFacts of(HorizontalPodAutoscaler hpa) {
    HorizontalPodAutoscalerSpec spec = hpa.getSpec();
    HorizontalPodAutoscalerStatus status =
        Optional.ofNullable(hpa.getStatus()).orElseGet(HorizontalPodAutoscalerStatus::new);
    return new HpaFacts(
        hpa.getMetadata().getName(),
        spec.getScaleTargetRef().getName(),
        spec.getMinReplicas() == null ? 1 : spec.getMinReplicas(),
        spec.getMaxReplicas() == null ? 0 : spec.getMaxReplicas(),
        status.getCurrentReplicas() == null ? 0 : status.getCurrentReplicas(),
        status.getDesiredReplicas() == null ? 0 : status.getDesiredReplicas(),
        metrics(spec.getMetrics(), status.getCurrentMetrics()));
  }

  boolean atMax() {
    return max > 0 && current >= max;
  }

  Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("deployment", deployment);
    data.put("min_replicas", min);
    data.put("max_replicas", max);
    data.put("current_replicas", current);
    data.put("desired_replicas", desired);
    data.put("at_max", atMax());
    data.put("metrics", metrics);
    return data;
  }

  /** Each metric the spec names, with its target, and its last measurement when there is one. */
  private static List<Map<String, Object>> metrics(List<MetricSpec> specs, List<MetricStatus> now) {
    List<MetricStatus> measured = now == null ? List.of() : now;
    return (specs == null ? List.<MetricSpec>of() : specs)
        .stream().map(spec -> metric(spec, measured)).toList();
  }

  private static Map<String, Object> metric(MetricSpec spec, List<MetricStatus> measured) {
    String name = specName(spec);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", String.valueOf(spec.getType()));
    m.put("name", name);
    target(spec)
        .ifPresent(
            t -> values(m, "target", t.getAverageUtilization(), t.getAverageValue(), t.getValue()));
    measured.stream()
        .filter(s -> Objects.equals(s.getType(), spec.getType()) && name.equals(statusName(s)))
        .findFirst()
        .flatMap(HpaFacts::current)
        .ifPresent(
            c ->
                values(m, "current", c.getAverageUtilization(), c.getAverageValue(), c.getValue()));
    return m;
  }

  private static void values(
      Map<String, Object> m, String prefix, Integer utilization, Quantity average, Quantity value) {
    if (utilization != null) {
      m.put(prefix + "_utilization", (long) utilization);
    }
    if (average != null) {
      m.put(prefix + "_average_value", average.toString());
    }
    if (value != null) {
      m.put(prefix + "_value", value.toString());
    }
  }

  private static String specName(MetricSpec s) {
    return switch (String.valueOf(s.getType())) {
      case "Resource" -> s.getResource().getName();
      case "ContainerResource" -> s.getContainerResource().getName();
      case "Pods" -> s.getPods().getMetric().getName();
      case "Object" -> s.getObject().getMetric().getName();
      case "External" -> s.getExternal().getMetric().getName();
      default -> "";
    };
  }

  private static String statusName(MetricStatus s) {
    return switch (String.valueOf(s.getType())) {
      case "Resource" -> s.getResource().getName();
      case "ContainerResource" -> s.getContainerResource().getName();
      case "Pods" -> s.getPods().getMetric().getName();
      case "Object" -> s.getObject().getMetric().getName();
      case "External" -> s.getExternal().getMetric().getName();
      default -> "";
    };
  }

  private static Optional<MetricTarget> target(MetricSpec s) {
    return Optional.ofNullable(
        switch (String.valueOf(s.getType())) {
          case "Resource" -> s.getResource().getTarget();
          case "ContainerResource" -> s.getContainerResource().getTarget();
          case "Pods" -> s.getPods().getTarget();
          case "Object" -> s.getObject().getTarget();
          case "External" -> s.getExternal().getTarget();
          default -> null;
        });
  }

  private static Optional<MetricValueStatus> current(MetricStatus s) {
    return Optional.ofNullable(
        switch (String.valueOf(s.getType())) {
          case "Resource" -> s.getResource().getCurrent();
          case "ContainerResource" -> s.getContainerResource().getCurrent();
          case "Pods" -> s.getPods().getCurrent();
          case "Object" -> s.getObject().getCurrent();
          case "External" -> s.getExternal().getCurrent();
          default -> null;
        });
  }
}
