package io.runbookd.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.plugin.RefusedException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workload a pod belongs to, found through controller ownerReferences (Pod → ReplicaSet →
 * Deployment, or Pod → StatefulSet), with its desired replica count and its pods now. Pods are
 * matched by owner uid, not by labels alone: a sibling workload can carry the same labels.
 *
 * @param kind {@code Deployment}, {@code ReplicaSet} or {@code StatefulSet}
 * @param replicas the desired count ({@code spec.replicas}, 1 when unset as the API defaults it)
 */
public record Workload(String kind, String name, int replicas, List<Pod> pods) {
  public Workload {
    pods = List.copyOf(pods);
  }

  /** {@code deployment/nba-mcp}. */
  public String ref() {
    return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }

  /** Replicas that would serve no traffic without {@code pod}: missing, not ready, terminating. */
  public int unavailableWithout(String pod) {
    long ready =
        pods.stream()
            .filter(p -> !p.getMetadata().getName().equals(pod))
            .filter(Workload::ready)
            .count();
    return (int) Math.max(0, replicas - ready);
  }

  /** Ready and not terminating: what the Service sends traffic to. */
  public static boolean ready(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The workload of {@code pod}; refused when there is none a controller would recreate it for. */
  public static Workload of(KubernetesClient client, Pod pod) throws RefusedException {
    String ns = pod.getMetadata().getNamespace();
    String what = "pod " + ns + "/" + pod.getMetadata().getName();
    OwnerReference owner =
        controller(pod.getMetadata())
            .orElseThrow(
                () ->
                    new RefusedException(
                        what + " has no controller: evicting it would delete it for good"));
    return switch (owner.getKind()) {
      case "ReplicaSet" -> ofReplicaSet(client, ns, owner);
      case "StatefulSet" -> ofStatefulSet(client, ns, owner);
      default ->
          throw new RefusedException(
              what
                  + " is managed by "
                  + owner.getKind()
                  + " "
                  + owner.getName()
                  + "; only pods of Deployments, ReplicaSets and StatefulSets are handled");
    };
  }

  private static Workload ofReplicaSet(KubernetesClient client, String ns, OwnerReference owner)
      throws RefusedException {
    ReplicaSet rs =
        owned(client.apps().replicaSets().inNamespace(ns).withName(owner.getName()).get(), owner);
    Optional<OwnerReference> parent =
        controller(rs.getMetadata()).filter(o -> "Deployment".equals(o.getKind()));
    if (parent.isPresent()) {
      return ofDeployment(client, ns, parent.get());
    }
    return new Workload(
        "ReplicaSet",
        rs.getMetadata().getName(),
        replicas(rs.getSpec().getReplicas()),
        pods(client, ns, rs.getSpec().getSelector(), Set.of(rs.getMetadata().getUid())));
  }

  /** Its pods are those of every ReplicaSet it owns: a rollout runs old and new side by side. */
  private static Workload ofDeployment(KubernetesClient client, String ns, OwnerReference owner)
      throws RefusedException {
    Deployment d =
        owned(client.apps().deployments().inNamespace(ns).withName(owner.getName()).get(), owner);
    LabelSelector selector = d.getSpec().getSelector();
    Set<String> replicaSets =
        client
            .apps()
            .replicaSets()
            .inNamespace(ns)
            .withLabelSelector(selector)
            .list()
            .getItems()
            .stream()
            .filter(r -> controlledBy(r, d.getMetadata().getUid()))
            .map(r -> r.getMetadata().getUid())
            .collect(Collectors.toSet());
    return new Workload(
        "Deployment",
        d.getMetadata().getName(),
        replicas(d.getSpec().getReplicas()),
        pods(client, ns, selector, replicaSets));
  }

  private static Workload ofStatefulSet(KubernetesClient client, String ns, OwnerReference owner)
      throws RefusedException {
    StatefulSet sts =
        owned(client.apps().statefulSets().inNamespace(ns).withName(owner.getName()).get(), owner);
    return new Workload(
        "StatefulSet",
        sts.getMetadata().getName(),
        replicas(sts.getSpec().getReplicas()),
        pods(client, ns, sts.getSpec().getSelector(), Set.of(sts.getMetadata().getUid())));
  }

  private static List<Pod> pods(
      KubernetesClient client, String ns, LabelSelector selector, Set<String> owners) {
    return client.pods().inNamespace(ns).withLabelSelector(selector).list().getItems().stream()
        .filter(
            p -> controller(p.getMetadata()).map(o -> owners.contains(o.getUid())).orElse(false))
        .toList();
  }

  /** {@code object} if it is the one {@code ref} points to (same uid), else refused. */
  private static <T extends HasMetadata> T owned(T object, OwnerReference ref)
      throws RefusedException {
    if (object == null
        || (ref.getUid() != null && !ref.getUid().equals(object.getMetadata().getUid()))) {
      throw new RefusedException(
          ref.getKind() + " " + ref.getName() + " owning the pod no longer exists");
    }
    return object;
  }

  private static boolean controlledBy(HasMetadata object, String uid) {
    return controller(object.getMetadata()).map(o -> uid.equals(o.getUid())).orElse(false);
  }

  private static Optional<OwnerReference> controller(ObjectMeta meta) {
    return meta.getOwnerReferences() == null
        ? Optional.empty()
        : meta.getOwnerReferences().stream()
            .filter(o -> Boolean.TRUE.equals(o.getController()))
            .findFirst();
  }

  private static int replicas(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }
}
