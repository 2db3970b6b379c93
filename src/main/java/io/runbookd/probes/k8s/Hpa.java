package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * RB-002's "and any HPA": {@code kubectl get hpa} for the HorizontalPodAutoscalers (autoscaling/v2)
 * of a namespace that scale a Deployment, with bounds, replica counts and metrics, so a rule can
 * see that an autoscaler owns the replica count (k8s.scale refuses then) or is pinned at its
 * maximum. Empty, not an error, when there is none. At most {@value #CAP}.
 */
public final class Hpa implements Probe<HpaParams> {
  static final int CAP = 50;

  static final Param DEPLOYMENT =
      Param.optional(
          "deployment",
          ParamType.STRING,
          "only autoscalers of this Deployment (default: every Deployment's)",
          Checks.K8S_NAME);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.hpa",
          "Lists the HorizontalPodAutoscalers scaling Deployments of a namespace: bounds, current"
              + " and desired replicas, metrics.",
          "- id: hpa\n  probe: k8s.hpa\n  params: {namespace: nba-mcp, deployment: nba-mcp}",
          List.of(KubeParams.NAMESPACE, DEPLOYMENT),
          List.of("autoscaling/horizontalpodautoscalers: list"));

  private final KubernetesClient client;
  private final PluginInfo info;

  public Hpa(KubernetesClient client, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public HpaParams bind(Params params) {
    return new HpaParams(params.string("namespace"), params.optionalString("deployment"));
  }

  @Override
  public String system(HpaParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(HpaParams p) {
    List<HpaFacts> found =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(p.namespace())
            .list()
            .getItems()
            .stream()
            .filter(h -> scalesDeployment(h, p))
            .sorted(Comparator.comparing(h -> h.getMetadata().getName()))
            .limit(CAP)
            .map(HpaFacts::of)
            .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("hpas", found.stream().map(HpaFacts::toData).toList());
    data.put("count", (long) found.size());
    data.put("deployments", found.stream().map(HpaFacts::deployment).distinct().toList());
    data.put("at_max", found.stream().filter(HpaFacts::atMax).count());
    return new Finding(data, summary(p, found));
  }

  private static boolean scalesDeployment(HorizontalPodAutoscaler h, HpaParams p) {
    CrossVersionObjectReference ref = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
    return ref != null
        && "Deployment".equals(ref.getKind())
        && (ref.getApiVersion() == null || ref.getApiVersion().startsWith("apps/"))
        && p.deployment().map(d -> d.equals(ref.getName())).orElse(true);
  }

  private static String summary(HpaParams p, List<HpaFacts> found) {
    String scope = p.namespace() + p.deployment().map(d -> " deployment " + d).orElse("");
    if (found.isEmpty()) {
      return "no HorizontalPodAutoscaler scales a Deployment in " + scope;
    }
    return found.size()
        + (found.size() == 1 ? " autoscaler" : " autoscalers")
        + " in "
        + scope
        + ": "
        + found.stream().map(Hpa::describe).collect(Collectors.joining("; "));
  }

  /** {@code nba-mcp → deployment nba-mcp: 3 of 2..10 (wants 4), cpu 85%/70%}. */
  private static String describe(HpaFacts h) {
    String metrics =
        h.metrics().stream()
            .map(
                m ->
                    Checks.clip(m.get("name"))
                        + " "
                        + m.getOrDefault("current_utilization", "?")
                        + (m.containsKey("target_utilization")
                            ? "%/" + m.get("target_utilization") + "%"
                            : ""))
            .collect(Collectors.joining(", "));
    return h.name()
        + " -> deployment "
        + h.deployment()
        + ": "
        + h.current()
        + " of "
        + h.min()
        + ".."
        + h.max()
        + " (wants "
        + h.desired()
        + ")"
        + (h.atMax() ? ", at max" : "")
        + (metrics.isEmpty() ? "" : ", " + metrics);
  }
}
