package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.k8s.K8sTime;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.NotFoundException;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubectl rollout history deployment/NAME}: the revisions a Deployment went through, read
 * from the ReplicaSets it owns, with how long ago each rolled out.
 */
public final class RolloutHistory implements Probe<RolloutHistoryParams> {
  static final Param LIMIT =
      Param.optional(
          "limit",
          ParamType.INTEGER,
          "revisions to list, newest first (default 10)",
          Checks.range(1, 50));

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.rollout_history",
          "Lists a Deployment's revisions (ReplicaSets) with change cause, age and images.",
          "- id: history\n  probe: k8s.rollout_history\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp, limit: 5}",
          List.of(KubeParams.NAMESPACE, KubeParams.DEPLOYMENT, LIMIT),
          List.of("apps/deployments: get", "apps/replicasets: list"));

  private final KubernetesClient client;
  private final PluginInfo info;
  private final Clock clock;

  public RolloutHistory(KubernetesClient client, Clock clock, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public RolloutHistoryParams bind(Params params) {
    return new RolloutHistoryParams(
        params.string("namespace"), params.string("deployment"), (int) params.integer("limit", 10));
  }

  @Override
  public String system(RolloutHistoryParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(RolloutHistoryParams p) throws NotFoundException {
    Deployment deployment =
        client.apps().deployments().inNamespace(p.namespace()).withName(p.deployment()).get();
    if (deployment == null) {
      throw new NotFoundException("deployment", p.namespace(), p.deployment());
    }
    List<Revision> revisions = revisions(deployment);
    long current = currentRevision(deployment, revisions);
    Instant now = clock.instant();
    Optional<Revision> latest =
        revisions.stream()
            .filter(r -> r.number() == current)
            .findFirst()
            .or(() -> revisions.stream().findFirst());
    long latestAge =
        latest.map(r -> r.ageSeconds(now)).orElseGet(() -> deploymentAge(deployment, now));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("current_revision", current);
    data.put("revisions", revisions.stream().limit(p.limit()).map(r -> r.toData(now)).toList());
    data.put("count", (long) revisions.size());
    data.put("latest_age_seconds", latestAge);
    return new Finding(data, summary(p, current, latestAge, latest, revisions.size()));
  }

  /** The ReplicaSets the Deployment owns (by uid: a selector alone can match a sibling's). */
  private List<Revision> revisions(Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    var replicaSets =
        client.apps().replicaSets().inNamespace(deployment.getMetadata().getNamespace());
    var selector = deployment.getSpec() == null ? null : deployment.getSpec().getSelector();
    List<ReplicaSet> items =
        (selector == null ? replicaSets.list() : replicaSets.withLabelSelector(selector).list())
            .getItems();
    return items.stream()
        .filter(rs -> ownedBy(rs, uid))
        .flatMap(rs -> Revision.of(rs).stream())
        .sorted(Comparator.comparingLong(Revision::number).reversed())
        .toList();
  }

  private static boolean ownedBy(ReplicaSet rs, String uid) {
    return rs.getMetadata().getOwnerReferences() != null
        && rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  private static long currentRevision(Deployment deployment, List<Revision> revisions) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations)
        .flatMap(a -> Revision.parseLong(a.get(Revision.REVISION)))
        .orElseGet(() -> revisions.isEmpty() ? 0L : revisions.get(0).number());
  }

  /** Without any ReplicaSet the Deployment's own age is the best bound on the last rollout. */
  private static long deploymentAge(Deployment deployment, Instant now) {
    return K8sTime.parse(deployment.getMetadata().getCreationTimestamp())
        .map(created -> Math.max(0, Duration.between(created, now).getSeconds()))
        .orElse(0L);
  }

  private static String summary(
      RolloutHistoryParams p, long current, long age, Optional<Revision> latest, int count) {
    String cause =
        latest
            .map(Revision::changeCause)
            .filter(c -> !c.isEmpty())
            .map(c -> " (\"" + Checks.clip(c) + "\")")
            .orElse("");
    return "deployment "
        + p.namespace()
        + "/"
        + p.deployment()
        + " at revision "
        + current
        + ", rolled out "
        + K8sTime.ago(Duration.ofSeconds(age))
        + " ago"
        + cause
        + "; "
        + count
        + (count == 1 ? " revision" : " revisions");
  }
}
