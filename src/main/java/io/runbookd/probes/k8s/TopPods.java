package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.LabelSelector;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code kubectl top pods -l SELECTOR}: CPU and memory of each pod from the metrics API ({@code
 * metrics.k8s.io}, served by metrics-server), each next to the pod's limits, so a condition can
 * find the pod closest to being OOM-killed. At most {@value #CAP} pods.
 */
public final class TopPods implements Probe<TopPodsParams> {
  static final int CAP = 100;
  static final String NO_METRICS = "metrics-server not installed (metrics.k8s.io unavailable)";

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.top_pods",
          "Reports each pod's CPU and memory (metrics-server) and its share of its limits.",
          "- id: top\n  probe: k8s.top_pods\n"
              + "  params: {namespace: nba-mcp, selector: app=nba-mcp}",
          List.of(KubeParams.NAMESPACE, PodStatus.SELECTOR),
          List.of("metrics.k8s.io/pods: list", "core/pods: list"));

  private final KubernetesClient client;
  private final PluginInfo info;

  public TopPods(KubernetesClient client, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public TopPodsParams bind(Params params) {
    return new TopPodsParams(
        params.string("namespace"), LabelSelector.parse(params.string("selector")));
  }

  @Override
  public String system(TopPodsParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(TopPodsParams p) throws RefusedException {
    List<PodMetrics> metrics = metrics(p);
    Map<String, Pod> pods = pods(p);
    List<PodUsage> usages =
        metrics.stream()
            .sorted(Comparator.comparing(m -> m.getMetadata().getName()))
            .limit(CAP)
            .map(m -> PodUsage.of(m, pods.get(m.getMetadata().getName())))
            .toList();
    TopPodsReport report = new TopPodsReport(p, usages, metrics.size() > CAP);
    return new Finding(report.data(), report.summary());
  }

  /**
   * A 404 means no metrics API is registered: the cluster answered, and asking again will not help.
   * A 503 (metrics-server registered but down) is an outage like any other.
   */
  private List<PodMetrics> metrics(TopPodsParams p) throws RefusedException {
    try {
      return client
          .top()
          .pods()
          .inNamespace(p.namespace())
          .withLabels(p.selector().labels())
          .metrics()
          .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new RefusedException(NO_METRICS);
      }
      throw e;
    }
  }

  /** The pods' specs, for their limits; a pod missing here simply has none known. */
  private Map<String, Pod> pods(TopPodsParams p) {
    return client
        .pods()
        .inNamespace(p.namespace())
        .withLabels(p.selector().labels())
        .list(new ListOptionsBuilder().withLimit((long) CAP * 2).build())
        .getItems()
        .stream()
        .collect(
            Collectors.toMap(pod -> pod.getMetadata().getName(), Function.identity(), (a, b) -> a));
  }
}
