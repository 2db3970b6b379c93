package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.LabelSelector;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RB-201's {@code kubectl delete pods --field-selector=status.phase==Succeeded}: removes finished
 * pods (and the logs they keep) from a namespace. The API server filters by phase, and each pod's
 * phase is checked again here before it is deleted, so a server or proxy that ignored the field
 * selector still never costs a Running, Pending or Failed pod. The delete carries the pod's
 * resourceVersion as a precondition: a pod that changed since the list is left alone. At most
 * {@code max_pods} per run. Retry-safe; transient: a Succeeded pod is a finished record that no
 * controller recreates or needs (a Job has counted it).
 */
public final class DeletePods implements Action<DeletePodsParams> {
  static final String SUCCEEDED = "Succeeded";
  static final int DEFAULT_MAX = 50;
  static final int HARD_MAX = 500;
  private static final int NAMES_SHOWN = 10;

  static final Param SELECTOR =
      Param.optional(
          "selector",
          ParamType.STRING,
          "only pods with these labels, e.g. app=nightly-job (default: every Succeeded pod)",
          Checks.LABEL_SELECTOR);
  static final Param MAX_PODS =
      Param.optional(
          "max_pods",
          ParamType.INTEGER,
          "most pods deleted per run, 1 to " + HARD_MAX + " (default " + DEFAULT_MAX + ")",
          Checks.range(1, HARD_MAX));

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.delete_pods",
          "Deletes the Succeeded pods of a namespace (field selector status.phase==Succeeded, each"
              + " phase checked again), a capped number per run.",
          "- id: clean_pods\n  action: k8s.delete_pods\n"
              + "  params: {namespace: nba-mcp, max_pods: 50}",
          List.of(KubeParams.NAMESPACE, SELECTOR, MAX_PODS),
          List.of("core/pods: list, delete"));

  private final KubernetesClient client;

  public DeletePods(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public DeletePodsParams bind(Params params) {
    return new DeletePodsParams(
        params.string("namespace"),
        params.optionalString("selector").map(LabelSelector::parse),
        (int) params.integer("max_pods", DEFAULT_MAX));
  }

  @Override
  public Target target(DeletePodsParams p) {
    String which = "phase=" + SUCCEEDED + p.selector().map(s -> "," + s.text()).orElse("");
    return Target.kubernetes("pods", p.namespace(), which);
  }

  @Override
  public String describe(DeletePodsParams p) {
    return "delete up to " + p.maxPods() + " Succeeded pods of namespace " + p.scope();
  }

  @Override
  public Outcome execute(DeletePodsParams p) {
    List<Pod> finished;
    try {
      finished = succeeded(p, p.maxPods() + 1);
    } catch (KubernetesClientException e) {
      return Writes.failure("pods of " + p.namespace(), e);
    }
    if (finished.isEmpty()) {
      return Outcome.notNeeded("no Succeeded pods in namespace " + p.scope());
    }
    List<String> deleted = new ArrayList<>();
    int changed = 0;
    for (Pod pod : finished.subList(0, Math.min(p.maxPods(), finished.size()))) {
      if (delete(p, pod)) {
        deleted.add(pod.getMetadata().getName());
      } else {
        changed++;
      }
    }
    return outcome(p, deleted, changed, finished.size() > p.maxPods());
  }

  /** Deletes one pod as listed; false when it changed or went since (nothing deleted). */
  private boolean delete(DeletePodsParams p, Pod pod) {
    PodResource resource = client.pods().inNamespace(p.namespace()).withName(name(pod));
    try {
      resource.lockResourceVersion(pod.getMetadata().getResourceVersion()).delete();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private static Outcome outcome(
      DeletePodsParams p, List<String> deleted, int changed, boolean more) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("deleted", (long) deleted.size());
    data.put("pods", deleted.stream().limit(NAMES_SHOWN).toList());
    data.put("changed_since_listed", (long) changed);
    data.put("more_remain", more);
    String detail =
        "deleted "
            + deleted.size()
            + " Succeeded pods of namespace "
            + p.scope()
            + (deleted.isEmpty()
                ? ""
                : ": " + String.join(", ", deleted.stream().limit(5).toList()))
            + (deleted.size() > 5 ? ", …" : "")
            + (changed > 0 ? "; " + changed + " changed since listed, left alone" : "")
            + (more ? "; more remain beyond the cap of " + p.maxPods() : "");
    return deleted.isEmpty()
        ? Outcome.notNeeded("the Succeeded pods listed changed or went before deletion")
        : Outcome.done(detail, data);
  }

  /**
   * Up to {@code limit} pods the API server reports as Succeeded, each checked again: a Succeeded
   * phase (terminal: it never becomes Running again), not already terminating.
   */
  private List<Pod> succeeded(DeletePodsParams p, int limit) {
    FilterWatchListDeletable<Pod, PodList, PodResource> pods =
        client.pods().inNamespace(p.namespace()).withField("status.phase", SUCCEEDED);
    if (p.selector().isPresent()) {
      pods = pods.withLabels(p.selector().get().labels());
    }
    return pods.list(new ListOptionsBuilder().withLimit((long) limit).build()).getItems().stream()
        .filter(DeletePods::finished)
        .toList();
  }

  static boolean finished(Pod pod) {
    return pod.getStatus() != null
        && SUCCEEDED.equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  /** DONE when no Succeeded pod is left in scope, NOT_APPLIED otherwise (deleting is safe). */
  @Override
  public Outcome recheck(DeletePodsParams p, Instant startedAt) {
    List<Pod> left = succeeded(p, 1);
    return left.isEmpty()
        ? Outcome.done("no Succeeded pods left in namespace " + p.scope())
        : Outcome.notApplied("Succeeded pods remain in namespace " + p.scope());
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }
}
