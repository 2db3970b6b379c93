package io.runbookd.probes.k8s;

import io.runbookd.k8s.Quantities;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code k8s.top_pods} reports over all pods. The maxima are 0.0 (and {@code max_cpu_pod} "")
 * when no pod has the limit, so a condition such as {@code probes.top.max_memory_ratio > 0.9} reads
 * false rather than failing on a missing key; {@code max_memory_pod} then names the pod using the
 * most memory, the likeliest leak either way.
 */
record TopPodsReport(TopPodsParams params, List<PodUsage> usages, boolean truncated) {
  TopPodsReport {
    usages = List.copyOf(usages);
  }

  Map<String, Object> data() {
    Optional<PodUsage> memory = closestToMemoryLimit();
    Optional<PodUsage> cpu = closestToCpuLimit();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pods", usages.stream().map(PodUsage::toData).toList());
    data.put("count", (long) usages.size());
    data.put("max_memory_ratio", memory.map(u -> u.memoryLimitRatio().orElse(0)).orElse(0.0));
    data.put("max_memory_pod", memory.or(this::mostMemory).map(PodUsage::name).orElse(""));
    data.put("max_cpu_ratio", cpu.map(u -> u.cpuLimitRatio().orElse(0)).orElse(0.0));
    data.put("max_cpu_pod", cpu.map(PodUsage::name).orElse(""));
    data.put("total_memory_bytes", usages.stream().mapToLong(PodUsage::memoryBytes).sum());
    data.put("total_cpu_millicores", usages.stream().mapToLong(PodUsage::cpuMillicores).sum());
    data.put("truncated", truncated);
    return data;
  }

  /**
   * {@code 3 pods: nba-mcp-7f9c-oom at 94% of its memory limit (7.5Gi of 8Gi); max cpu 61% of
   * limit}.
   */
  String summary() {
    if (usages.isEmpty()) {
      return "no pod metrics for " + params.selector().text() + " in " + params.namespace();
    }
    StringBuilder s =
        new StringBuilder()
            .append(usages.size())
            .append(usages.size() == 1 ? " pod" : " pods")
            .append(truncated ? " (first " + TopPods.CAP + " only)" : "")
            .append(": ")
            .append(memoryPart())
            .append("; ");
    closestToCpuLimit()
        .ifPresentOrElse(
            u ->
                s.append("max cpu ")
                    .append(percent(u.cpuLimitRatio().orElse(0)))
                    .append(" of limit"),
            () -> s.append("no cpu limits"));
    return s.toString();
  }

  private String memoryPart() {
    Optional<PodUsage> closest = closestToMemoryLimit();
    if (closest.isPresent()) {
      PodUsage u = closest.get();
      return u.name()
          + " at "
          + percent(u.memoryLimitRatio().orElse(0))
          + " of its memory limit ("
          + Quantities.formatBytes(u.memoryBytes())
          + " of "
          + Quantities.formatBytes(u.memoryLimit().orElse(0))
          + ")";
    }
    PodUsage most = mostMemory().orElseThrow();
    return most.name()
        + " uses the most memory ("
        + Quantities.formatBytes(most.memoryBytes())
        + ", no memory limits)";
  }

  private Optional<PodUsage> closestToMemoryLimit() {
    return usages.stream()
        .filter(u -> u.memoryLimitRatio().isPresent())
        .max(Comparator.comparingDouble(u -> u.memoryLimitRatio().orElse(0)));
  }

  private Optional<PodUsage> closestToCpuLimit() {
    return usages.stream()
        .filter(u -> u.cpuLimitRatio().isPresent())
        .max(Comparator.comparingDouble(u -> u.cpuLimitRatio().orElse(0)));
  }

  private Optional<PodUsage> mostMemory() {
    return usages.stream().max(Comparator.comparingLong(PodUsage::memoryBytes));
  }

  private static String percent(double ratio) {
    return Math.round(ratio * 100) + "%";
  }
}
