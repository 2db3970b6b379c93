package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kubectl get pods -l SELECTOR}: readiness, restarts and the last termination reason
 * (OOMKilled) of the pods a selector picks. At most {@value #CAP} pods are read: the selector comes
 * from a rule and may be broader than meant.
 */
public final class PodStatus implements Probe<PodStatusParams> {
  static final int CAP = 100;

  static final Param SELECTOR =
      Param.required(
          "selector",
          ParamType.STRING,
          "label selector, e.g. app=nba-mcp (never empty)",
          Checks.LABEL_SELECTOR);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.pod_status",
          "Reports readiness, restarts and OOM kills of the pods a label selector picks.",
          "- id: pods\n  probe: k8s.pod_status\n"
              + "  params: {namespace: nba-mcp, selector: app=nba-mcp}",
          List.of(KubeParams.NAMESPACE, SELECTOR),
          List.of("core/pods: list"));

  private final KubernetesClient client;
  private final PluginInfo info;

  public PodStatus(KubernetesClient client, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public PodStatusParams bind(Params params) {
    Map<String, String> selector = Checks.parseSelector(params.string("selector"));
    String text =
        selector.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    return new PodStatusParams(params.string("namespace"), selector, text);
  }

  @Override
  public String system(PodStatusParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(PodStatusParams p) {
    List<Pod> items =
        client
            .pods()
            .inNamespace(p.namespace())
            .withLabels(p.selector())
            .list(new ListOptionsBuilder().withLimit((long) CAP + 1).build())
            .getItems();
    boolean truncated = items.size() > CAP;
    List<PodFacts> pods = items.stream().limit(CAP).map(PodFacts::of).toList();
    long ready = pods.stream().filter(PodFacts::ready).count();
    long maxRestarts = pods.stream().mapToLong(PodFacts::restarts).max().orElse(0);
    long oom = pods.stream().filter(PodFacts::oomKilled).count();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pods", pods.stream().map(PodFacts::toData).toList());
    data.put("total", (long) pods.size());
    data.put("ready", ready);
    data.put("not_ready", pods.size() - ready);
    data.put("ready_ratio", pods.isEmpty() ? 0.0 : (double) ready / pods.size());
    data.put("max_restarts", maxRestarts);
    data.put("oom_killed", oom);
    data.put(
        "restarting", pods.stream().filter(f -> f.restarts() > 0).map(PodFacts::name).toList());
    data.put("truncated", truncated);
    return new Finding(data, summary(p, pods, ready, maxRestarts, oom, truncated));
  }

  private static String summary(
      PodStatusParams p,
      List<PodFacts> pods,
      long ready,
      long maxRestarts,
      long oom,
      boolean truncated) {
    StringBuilder s = new StringBuilder();
    s.append(pods.size())
        .append(pods.size() == 1 ? " pod" : " pods")
        .append(truncated ? " (first " + CAP + " only)" : "")
        .append(" for ")
        .append(p.selectorText())
        .append(": ")
        .append(ready)
        .append(" ready");
    Map<String, Long> notReady = new TreeMap<>();
    pods.stream()
        .filter(f -> !f.ready())
        .forEach(f -> notReady.merge(Checks.clip(f.reason()), 1L, Long::sum));
    notReady.forEach((reason, n) -> s.append(", ").append(n).append(' ').append(reason));
    s.append("; max restarts ").append(maxRestarts);
    if (oom > 0) {
      s.append("; ").append(oom).append(" OOMKilled");
    }
    return s.toString();
  }
}
