package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** What {@code kubectl get pods} shows of one pod, plus its last container termination. */
record PodFacts(
    String name,
    String phase,
    boolean ready,
    long restarts,
    String reason,
    String lastTerminationReason,
    String lastTerminationAt) {

  static PodFacts of(Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
    List<ContainerStatus> containers =
        status == null || status.getContainerStatuses() == null
            ? List.of()
            : status.getContainerStatuses();
    boolean ready =
        status != null
            && status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    long restarts =
        containers.stream()
            .mapToLong(c -> Optional.ofNullable(c.getRestartCount()).orElse(0))
            .sum();
    Optional<ContainerStateTerminated> last = lastTermination(containers);
    return new PodFacts(
        pod.getMetadata().getName(),
        phase,
        ready,
        restarts,
        reason(status == null ? null : status.getReason(), phase, containers),
        last.map(ContainerStateTerminated::getReason).orElse(""),
        last.map(ContainerStateTerminated::getFinishedAt).orElse(""));
  }

  /** Why a pod is not ready, as kubectl's STATUS column says it: CrashLoopBackOff, Pending. */
  private static String reason(String podReason, String phase, List<ContainerStatus> containers) {
    Stream<String> waiting =
        containers.stream()
            .map(
                c ->
                    c.getState() == null || c.getState().getWaiting() == null
                        ? null
                        : c.getState().getWaiting().getReason());
    Stream<String> terminated =
        containers.stream()
            .map(
                c ->
                    c.getState() == null || c.getState().getTerminated() == null
                        ? null
                        : c.getState().getTerminated().getReason());
    return Stream.concat(Stream.of(podReason), Stream.concat(waiting, terminated))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse("Running".equals(phase) ? "NotReady" : phase);
  }

  /** The most recent termination of any container, current state or last state. */
  private static Optional<ContainerStateTerminated> lastTermination(List<ContainerStatus> all) {
    return all.stream()
        .flatMap(
            c ->
                Stream.of(
                    c.getState() == null ? null : c.getState().getTerminated(),
                    c.getLastState() == null ? null : c.getLastState().getTerminated()))
        .filter(Objects::nonNull)
        .max(Comparator.comparing(t -> Optional.ofNullable(t.getFinishedAt()).orElse("")));
  }

  boolean oomKilled() {
    return "OOMKilled".equals(lastTerminationReason);
  }

  Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", name);
    data.put("phase", phase);
    data.put("ready", ready);
    data.put("restarts", restarts);
    data.put("reason", ready ? "" : reason);
    data.put("last_termination_reason", lastTerminationReason);
    data.put("last_termination_at", lastTerminationAt);
    return data;
  }
}
