package io.runbookd.rules;

import io.runbookd.incident.Priority;
import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.alert.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shipped rule file is a test: it validates, and its example alert matches it. */
class ShippedRulesTest {

  private static final Path RULES = Path.of("rules");
  private static final Path EXAMPLES = Path.of("examples");

  private static RuleSet rules;

  @BeforeAll
  static void load() {
    LoadResult result = new RuleLoader(ShippedCatalog.get()).load(RULES);
    assertThat(result.lines()).isEmpty();
    rules = result.ruleSet().orElseThrow();
  }

  @Test
  void shipsTheSeedsAlertDrivenRunbooks() {
    assertThat(rules.rules().stream().filter(r -> r.match().isPresent()))
        .extracting(Rule::id, Rule::priority, r -> r.match().orElseThrow().alertnames())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RB-002", Optional.of(Priority.P2), List.of("HighCPUUsage")),
            org.assertj.core.groups.Tuple.tuple(
                "RB-101", Optional.of(Priority.P1), List.of("HighErrorRate")),
            org.assertj.core.groups.Tuple.tuple(
                "RB-102", Optional.of(Priority.P1), List.of("SlowDatabaseQueries")),
            org.assertj.core.groups.Tuple.tuple(
                "RB-103", Optional.of(Priority.P2), List.of("DataDriftDetected")));
  }

  @Test
  void weeklyMaintenanceRunsSundaysFromTwoToFourUtcAndNoAlertStartsIt() {
    Rule rule = rules.byId("RB-201").orElseThrow();

    assertThat(rule.match()).isEmpty();
    assertThat(rule.triggers().manual()).isEmpty();
    assertThat(rule.triggers().schedules())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.describe()).isEqualTo("every Sunday at 02:00 UTC, for 2 hours");
              assertThat(s.nextAfter(java.time.Instant.parse("2025-10-08T12:00:00Z")).orElseThrow().start())
                  .isEqualTo(java.time.Instant.parse("2025-10-12T02:00:00Z"));
            });
    assertThat(rule.priority()).contains(Priority.P3);
  }

  @Test
  void scaleApplicationIsStartedByHandWithBoundedParametersToo() {
    Rule rule = rules.byId("RB-002").orElseThrow();
    ManualParams manual = rule.triggers().manual().orElseThrow();

    assertThat(manual.params())
        .extracting(ManualParam::name)
        .containsExactly("replicas", "cpu_request", "cpu_limit", "memory_request", "memory_limit");
    assertThat(manual.params()).noneMatch(ManualParam::required);
    assertThat(rule.triggers().schedules()).isEmpty();
    assertThat(rule.drill().example()).contains("examples/high-cpu-usage.json");
    assertThat(rule.drill().params()).containsExactly(java.util.Map.entry("replicas", "4"));
  }

  @ParameterizedTest(name = "{0} groups by {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "RB-002 | [alertname, namespace, deployment]",
        "RB-101 | [alertname, namespace, service]",
        "RB-102 | [alertname, namespace, datname]",
        "RB-103 | [alertname, namespace, model]"
      })
  void everyShippedRuleSaysWhichAlertsAreOneProblem(String id, String labels) {
    Rule rule = rules.byId(id).orElseThrow();

    assertThat(rule.groupBy().toString()).isEqualTo(labels);
    assertThat(rule.groupingLabels()).isEqualTo(rule.groupBy());
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource({
    "high-cpu-usage.json, RB-002",
    "high-error-rate.json, RB-101",
    "resolved-high-error-rate.json, RB-101",
    "slow-database-queries.json, RB-102",
    "data-drift.json, RB-103"
  })
  void exampleAlertMatchesItsRule(String example, String ruleId) throws IOException {
    List<Alert> alerts = TestAlerts.fromWebhook(EXAMPLES.resolve(example));

    List<Match> matches = alerts.stream().map(rules::match).toList();

    assertThat(matches).isNotEmpty();
    assertThat(matches).allSatisfy(m -> assertThat(m.rule().map(Rule::id)).contains(ruleId));
    assertThat(matches)
        .allSatisfy(m -> assertThat(m.reason()).startsWith("matched " + ruleId + " ("));
  }

  @Test
  void unmatchedExampleMatchesNoRule() throws IOException {
    Alert alert = TestAlerts.fromWebhook(EXAMPLES.resolve("unmatched.json")).get(0);

    Match match = rules.match(alert);

    assertThat(match.matched()).isFalse();
    assertThat(match.reason())
        .isEqualTo("no rule matched: alertname 'KubePersistentVolumeFillingUp' has no rule");
  }

  @Test
  void highErrorRateReasonNamesTheValue() throws IOException {
    Alert alert = TestAlerts.fromWebhook(EXAMPLES.resolve("high-error-rate.json")).get(0);

    assertThat(rules.match(alert).reason())
        .isEqualTo(
            "matched RB-101 (alertname=HighErrorRate, namespace=\"nba-mcp\"; "
                + "when 'alert.value > 0.05' true with alert.value=0.12)");
  }

  @Test
  void resolvedExampleIsTheSameEpisodeAsTheFiringOne() throws IOException {
    Alert firing = TestAlerts.fromWebhook(EXAMPLES.resolve("high-error-rate.json")).get(0);
    Alert resolved =
        TestAlerts.fromWebhook(EXAMPLES.resolve("resolved-high-error-rate.json")).get(0);

    assertThat(resolved.firing()).isFalse();
    assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint()).matches("[0-9a-f]{16}");
    assertThat(resolved.startsAt()).isEqualTo(firing.startsAt());
    assertThat(resolved.endsAt()).isPresent();
    assertThat(firing.endsAt()).isEmpty();
  }

  @Test
  void ruleVersionIsTheFilesSha256Prefix() throws IOException {
    Rule rule = rules.byId("RB-101").orElseThrow();

    assertThat(rule.version())
        .isEqualTo(RuleFileParser.version(Files.readAllBytes(RULES.resolve("RB-101.yaml"))))
        .matches("[0-9a-f]{12}");
    assertThat(rule.file()).isEqualTo("rules/RB-101.yaml");
  }

  @Test
  void editorSchemaIsTheSchemaTheLoaderUses() throws IOException {
    byte[] editors = Files.readAllBytes(RULES.resolve("schema.json"));
    byte[] loaders;
    try (InputStream in = RuleSchema.class.getResourceAsStream(RuleSchema.RESOURCE)) {
      loaders = in.readAllBytes();
    }

    assertThat(editors).isEqualTo(loaders);
  }
}
