package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.ReadNamespaces;
import io.runbookd.plugin.Check;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code kubectl get events --field-selector type=Warning}: the recent events of a namespace,
 * optionally about one workload, newest first, with a count per reason. Filters run here rather
 * than as field selectors, so the Deployment's ReplicaSets and Pods can be matched by name; at most
 * {@value #MAX_SCANNED} events of the namespace are read.
 */
public final class Events implements Probe<EventsParams> {
  static final int PAGE = 500;
  static final int MAX_SCANNED = 5000;
  static final Duration MAX_SINCE = Duration.ofDays(7);
  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");
  private static final Set<String> TYPES = Set.of("warning", "normal", EventsParams.ALL);

  static final Check KIND_CHECK =
      value ->
          KIND.matcher(String.valueOf(value)).matches()
              ? Optional.empty()
              : Optional.of("'" + Checks.clip(value) + "' is not a kind such as Deployment or Pod");
  static final Check TYPE_CHECK =
      value ->
          TYPES.contains(String.valueOf(value).toLowerCase(Locale.ROOT))
              ? Optional.empty()
              : Optional.of("must be Warning, Normal or all");
  static final Check SINCE_CHECK =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_SINCE) > 0
            ? Optional.of("must be between 1s and 7d")
            : Optional.empty();
      };

  private static final List<Param> PARAMS =
      List.of(
          KubeParams.NAMESPACE,
          Param.optional(
              "kind", ParamType.STRING, "kind of the object, e.g. Deployment or Pod", KIND_CHECK),
          Param.optional(
              "name",
              ParamType.STRING,
              "name of the object; a Deployment's (kind Deployment or none) also covers its"
                  + " ReplicaSets and Pods, matched by name",
              Checks.K8S_NAME),
          Param.optional(
              "since", ParamType.DURATION, "how far back, at most 7d (default 1h)", SINCE_CHECK),
          Param.optional(
              "limit",
              ParamType.INTEGER,
              "events listed, newest first (default 20)",
              Checks.range(1, 100)),
          Param.optional("type", ParamType.STRING, "Warning (default), Normal or all", TYPE_CHECK));

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.events",
          "Lists a namespace's or a workload's recent events, warnings by default, by reason.",
          "- id: events\n  probe: k8s.events\n"
              + "  params: {namespace: nba-mcp, kind: Deployment, name: nba-mcp, since: 1h}",
          PARAMS,
          List.of("core/events: list"));

  private final KubernetesClient client;
  private final PluginInfo info;
  private final Clock clock;

  public Events(KubernetesClient client, Clock clock, ReadNamespaces readable) {
    this.info = readable.limit(INFO);
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public EventsParams bind(Params params) {
    String type = params.optionalString("type").orElse("Warning");
    return new EventsParams(
        params.string("namespace"),
        params.optionalString("kind"),
        params.optionalString("name"),
        params.duration("since", Duration.ofHours(1)),
        (int) params.integer("limit", 20),
        EventsParams.ALL.equalsIgnoreCase(type) ? EventsParams.ALL : capitalized(type));
  }

  @Override
  public String system(EventsParams params) {
    return KubeParams.SYSTEM;
  }

  @Override
  public Finding run(EventsParams p) {
    Instant now = clock.instant();
    Instant from = now.minus(p.since());
    Scan scan = scan(p.namespace());
    List<EventFacts> matching =
        scan.items().stream()
            .map(EventFacts::of)
            .filter(e -> p.wantsType(e.type()))
            .filter(e -> !e.lastSeen().isBefore(from))
            .filter(e -> p.covers(e.objectKind(), e.objectName()))
            .sorted(
                Comparator.comparing(EventFacts::lastSeen)
                    .reversed()
                    .thenComparing(EventFacts::reason))
            .toList();
    EventsReport report = new EventsReport(p, matching, now, scan.truncated());
    return new Finding(report.data(), report.summary());
  }

  private record Scan(List<Event> items, boolean truncated) {}

  /** The namespace's events, page by page, stopping at {@value #MAX_SCANNED}. */
  private Scan scan(String namespace) {
    List<Event> items = new ArrayList<>();
    String next = null;
    do {
      EventList page =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .list(new ListOptionsBuilder().withLimit((long) PAGE).withContinue(next).build());
      items.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty() && items.size() < MAX_SCANNED);
    return new Scan(items, next != null && !next.isEmpty());
  }

  private static String capitalized(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
