package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Deployment's revisions as its ReplicaSets record them, read the way {@code kubectl rollout
 * undo} reads them: owned by the Deployment's uid (a sibling can carry the same labels), numbered
 * by {@value #REVISION}. Rolling back to revision N makes the controller renumber that ReplicaSet
 * to the next revision and list N in {@value #HISTORY}, so N is found there too.
 */
final class Revisions {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HISTORY = "deployment.kubernetes.io/revision-history";
  static final String HASH = "pod-template-hash";

  final long current;
  private final List<ReplicaSet> replicaSets;
  private final KubernetesClient client;

  private Revisions(long current, List<ReplicaSet> replicaSets, KubernetesClient client) {
    this.current = current;
    this.replicaSets = replicaSets;
    this.client = client;
  }

  static Revisions of(KubernetesClient client, Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    List<ReplicaSet> owned =
        client
            .apps()
            .replicaSets()
            .inNamespace(deployment.getMetadata().getNamespace())
            .withLabelSelector(deployment.getSpec().getSelector())
            .list()
            .getItems()
            .stream()
            .filter(
                rs ->
                    rs.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController())))
            .filter(rs -> revision(rs) > 0)
            .sorted(Comparator.comparingLong(Revisions::revision).reversed())
            .toList();
    long current = revision(deployment);
    return new Revisions(
        current > 0 || owned.isEmpty() ? current : revision(owned.get(0)), owned, client);
  }

  /** The ReplicaSet of revision {@code n}, under its number or in its history. */
  Optional<ReplicaSet> find(long n) {
    return replicaSets.stream()
        .filter(rs -> revision(rs) == n || history(rs).contains(String.valueOf(n)))
        .findFirst();
  }

  /** The highest revision below the current one, what {@code kubectl rollout undo} goes to. */
  Optional<ReplicaSet> previous() {
    return replicaSets.stream().filter(rs -> revision(rs) < current).findFirst();
  }

  /** The ReplicaSet running {@code template}: the one the Deployment is at. */
  Optional<ReplicaSet> running(PodTemplateSpec template) {
    return replicaSets.stream().filter(rs -> template(rs).equals(template)).findFirst();
  }

  List<Long> numbers() {
    return replicaSets.stream().map(Revisions::revision).sorted().toList();
  }

  /** A ReplicaSet's pod template as the Deployment would carry it: without its hash label. */
  PodTemplateSpec template(ReplicaSet rs) {
    return withoutHash(rs.getSpec().getTemplate());
  }

  /** A copy of {@code template} without the {@value #HASH} label the controller adds. */
  PodTemplateSpec withoutHash(PodTemplateSpec template) {
    PodTemplateSpec copy = client.getKubernetesSerialization().clone(template);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(HASH);
      copy.getMetadata().setLabels(labels);
    }
    return copy;
  }

  static boolean isRollback(ReplicaSet rs) {
    return !history(rs).isEmpty();
  }

  static long revision(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    try {
      return annotations == null || annotations.get(REVISION) == null
          ? 0
          : Long.parseLong(annotations.get(REVISION).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> history(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(HISTORY);
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.split("\\s*,\\s*"));
  }
}
