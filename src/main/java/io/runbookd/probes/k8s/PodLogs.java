package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.LabelSelector;
import io.runbookd.k8s.PodLogReader;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubectl logs -l SELECTOR --tail=N --limit-bytes=B | grep -F PATTERN}, pod by pod: how many
 * of each pod's last lines contain a text, with the last few of them. At most {@value #CAP} pods
 * are read (one API call each); log lines are data, cleaned before they leave (see {@link
 * ClusterText}).
 */
public final class PodLogs implements Probe<PodLogsParams> {
  static final int CAP = 20;
  static final int MAX_PATTERN = 200;
  static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  /** Literal text, so a pattern built from a label can never be a costly regular expression. */
  static final Check PATTERN_CHECK =
      value -> {
        String text = String.valueOf(value);
        if (text.isEmpty() || text.length() > MAX_PATTERN) {
          return Optional.of("must be 1 to " + MAX_PATTERN + " characters");
        }
        return text.chars().anyMatch(Character::isISOControl)
            ? Optional.of("must not contain control characters")
            : Optional.empty();
      };

  static final Param PATTERN =
      Param.optional(
          "pattern",
          ParamType.STRING,
          "text counted in each line, literal and case-sensitive like grep -F (default ERROR)",
          PATTERN_CHECK);
  static final Param TAIL =
      Param.optional(
          "tail",
          ParamType.INTEGER,
          "lines read from the end of each pod's log (default 100)",
          Checks.range(1, 1000));
  static final Param MAX_BYTES =
      Param.optional(
          "max_bytes",
          ParamType.INTEGER,
          "bytes read per pod at most (default 65536); the API keeps the oldest of the tailed"
              + " lines, so a cut drops the newest ones",
          Checks.range(1, 1 << 20));
  static final Param CONTAINER =
      Param.optional(
          "container",
          ParamType.STRING,
          "container to read (default: the pod's " + DEFAULT_CONTAINER + ", else its first)",
          Checks.K8S_LABEL_NAME);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.pod_logs",
          "Counts the log lines containing a text in the last lines of each pod a selector picks.",
          "- id: logs\n  probe: k8s.pod_logs\n"
              + "  params: {namespace: nba-mcp, selector: app=nba-mcp, pattern: ERROR, tail: 100}",
          List.of(KubeParams.NAMESPACE, PodStatus.SELECTOR, PATTERN, TAIL, MAX_BYTES, CONTAINER),
          List.of("core/pods: list", "core/pods/log: get"))
          // Log lines are the application's own words: they may quote tokens or personal data.
          .withSensitiveData("pods.sample");

  private final KubernetesClient client;
  private final PluginInfo info;
  private final PodLogReader logs;

  public PodLogs(KubernetesClient client, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
    this.logs = new PodLogReader(client);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public PodLogsParams bind(Params params) {
    return new PodLogsParams(
        params.string("namespace"),
        LabelSelector.parse(params.string("selector")),
        params.optionalString("pattern").orElse("ERROR"),
        (int) params.integer("tail", 100),
        (int) params.integer("max_bytes", 64 * 1024),
        params.optionalString("container"));
  }

  @Override
  public String system(PodLogsParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(PodLogsParams p) throws RefusedException {
    List<Pod> items =
        client
            .pods()
            .inNamespace(p.namespace())
            .withLabels(p.selector().labels())
            .list(new ListOptionsBuilder().withLimit((long) CAP + 1).build())
            .getItems();
    List<PodLogScan> scans = new ArrayList<>();
    for (Pod pod : items.stream().sorted(Comparator.comparing(PodLogs::name)).limit(CAP).toList()) {
      scans.add(scan(p, pod));
    }
    PodLogsReport report = new PodLogsReport(p, scans, items.size() > CAP);
    return new Finding(report.data(), report.summary());
  }

  private PodLogScan scan(PodLogsParams p, Pod pod) throws RefusedException {
    String name = name(pod);
    Optional<String> container = container(pod, p.container());
    if (container.isEmpty()) {
      return PodLogScan.unreadable(name, p.container().orElse(""), "no such container");
    }
    try {
      byte[] bytes = logs.tail(p.namespace(), name, container.get(), p.tail(), p.maxBytes());
      String text = new String(bytes, StandardCharsets.UTF_8);
      return PodLogScan.of(name, container.get(), text, p.pattern(), bytes.length >= p.maxBytes());
    } catch (KubernetesClientException e) {
      return unreadable(p, name, container.get(), e);
    }
  }

  /**
   * 400 (container not started yet) and 404 (pod gone since the list) concern one pod: the others
   * are still worth reading. 403 will hold for every pod; anything else means the API is unwell.
   */
  private static PodLogScan unreadable(
      PodLogsParams p, String pod, String container, KubernetesClientException e)
      throws RefusedException {
    if (e.getCode() == 403) {
      throw new RefusedException(
          "forbidden to read pod logs in " + p.namespace() + " (needs core/pods/log: get)");
    }
    if (e.getCode() != 400 && e.getCode() != 404) {
      throw e;
    }
    String why = e.getStatus() != null ? e.getStatus().getMessage() : null;
    return PodLogScan.unreadable(
        pod, container, Checks.clip(why == null ? "HTTP " + e.getCode() : why));
  }

  /** The container kubectl would pick: the requested one, the annotated default, the first. */
  static Optional<String> container(Pod pod, Optional<String> requested) {
    List<String> names =
        pod.getSpec() == null
            ? List.of()
            : pod.getSpec().getContainers().stream().map(Container::getName).toList();
    if (requested.isPresent()) {
      return requested.filter(names::contains);
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(DEFAULT_CONTAINER);
    return annotated != null && names.contains(annotated)
        ? Optional.of(annotated)
        : names.stream().findFirst();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
