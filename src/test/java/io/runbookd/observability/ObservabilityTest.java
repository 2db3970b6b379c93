package io.runbookd.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the alerting rules about runbookd query only metrics the daemon
 * really exports: each name an expression reads is in /metrics after the daemon handled the
 * example alerts ({@link ExportedMetrics}).
 */
class ObservabilityTest {
  /**
   * Gauges the dashboard and the alerts need that the daemon does not export yet (all without
   * labels): due incidents not yet taken by a worker; how long the oldest due one has waited;
   * the kill switch, 1 while engaged; the store, 1 while reachable. Each is checked to be still
   * missing, so that the one who adds it also removes it here and the check covers it.
   */
  static final Set<String> NOT_YET_EXPORTED =
      Set.of();

  /** Series Prometheus makes itself at scrape time. */
  private static final Set<String> FROM_PROMETHEUS = Set.of("up");

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+)");

  @Test
  void everyDashboardQueryReadsExportedMetrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/runbookd.json").toFile());
    Set<String> queried = new TreeSet<>();
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    expressions.forEach(e -> queried.addAll(PromqlNames.of(e)));
    dashboard.path("templating").path("list").forEach(v -> {
      Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
      if (m.find()) {
        queried.add(m.group(1));
      }
    });

    assertThat(expressions).hasSizeGreaterThan(20).allMatch(e -> !e.isBlank());
    assertExported(queried);
    assertThat(queried.stream().map(ObservabilityTest::family)).contains(
        "runbookd_alerts_received_total", "runbookd_store_commit_seconds", "runbookd_incidents_total",
        "runbookd_actions_total", "runbookd_guard_blocks_total", "runbookd_pages_total", "runbookd_probe_seconds",
        "runbookd_action_seconds", "runbookd_engine_backlog", "runbookd_kill_switch_engaged");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertingRuleIsCompleteAndReadsExportedMetrics() throws Exception {
    Map<String, Object> file = new Yaml().load(Files.readString(Path.of("deploy/prometheus/runbookd-alerts.yml")));
    Set<String> queried = new TreeSet<>();
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) rule.get("alert"));
        assertThat(((Map<String, String>) rule.get("labels")).get("severity")).isIn("critical", "warning");
        assertThat((Map<String, String>) rule.get("annotations")).containsKeys("summary", "description");
        queried.addAll(PromqlNames.of((String) rule.get("expr")));
      }
    }

    assertThat(alerts).contains(
        "RunbookdPageUndeliverable", "RunbookdEngineFallingBehind", "RunbookdKillSwitchLeftOn",
        "RunbookdRulesReloadFailed", "RunbookdStoreNotReady");
    assertExported(queried);
  }

  @Test
  void promqlNamesLeaveOutFunctionsLabelsStringsAndRanges() {
    assertThat(PromqlNames.of(
            "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{job=~\"$job\", x=\"y z\"}[$__rate_interval])))"
                + " / ignoring(instance) b_total offset 5m > bool 1e3 unless on(pager) c"))
        .containsExactly("a_seconds_bucket", "b_total", "c");
  }

  private static String family(String name) {
    return name.replaceFirst("_(bucket|count|sum|max)$", "");
  }

  private static void assertExported(Set<String> queried) throws Exception {
    Set<String> exported = ExportedMetrics.names();
    Set<String> missing = new TreeSet<>();
    for (String name : queried) {
      String family = family(name);
      if (!exported.contains(family) && !NOT_YET_EXPORTED.contains(family) && !FROM_PROMETHEUS.contains(family)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("queried but not in /metrics; exported: " + exported).isEmpty();
    assertThat(exported).as("now exported: remove from NOT_YET_EXPORTED")
        .noneMatch(NOT_YET_EXPORTED::contains);
  }
}
