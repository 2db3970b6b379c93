package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.alert.Alert;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleSetMatchTest {

  private static final ConditionCompiler CEL = new ConditionCompiler();

  private static Rule rule(String id, String alertname, String when, String... matchers) {
    Optional<Condition> condition =
        when == null ? Optional.empty() : Optional.of(CEL.compile(when).condition().orElseThrow());
    List<LabelMatcher> parsed = Arrays.stream(matchers).map(LabelMatcher::parse).toList();
    Criteria criteria = new Criteria(List.of(alertname), parsed, condition);
    return new Rule(id, id, "", "", Optional.empty(), criteria, id + ".yaml", "000000000000");
  }

  @Test
  void alertnameWithoutRuleIsUnmatchedWithReason() {
    RuleSet rules = new RuleSet(List.of(rule("RB-101", "HighErrorRate", null)));

    Match match = rules.match(TestAlerts.firing(Map.of("alertname", "Foo")));

    assertThat(match.rule()).isEmpty();
    assertThat(match.reason()).isEqualTo("no rule matched: alertname 'Foo' has no rule");
  }

  @Test
  void alertWithoutAlertnameIsUnmatchedWithReason() {
    RuleSet rules = new RuleSet(List.of(rule("RB-101", "HighErrorRate", null)));

    Match match = rules.match(TestAlerts.firing(Map.of("job", "x")));

    assertThat(match.reason()).isEqualTo("no rule matched: the alert has no alertname label");
  }

  @Test
  void whenTrueMatchesAndShowsTheValue() {
    RuleSet rules = new RuleSet(List.of(rule("RB-101", "HighErrorRate", "alert.value > 0.05")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "0.12"));

    assertThat(match.rule().map(Rule::id)).contains("RB-101");
    assertThat(match.reason())
        .isEqualTo(
            "matched RB-101 (alertname=HighErrorRate; when 'alert.value > 0.05' true with"
                + " alert.value=0.12)");
  }

  @Test
  void whenFalseRejectsAndShowsTheValue() {
    RuleSet rules = new RuleSet(List.of(rule("RB-101", "HighErrorRate", "alert.value > 0.05")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "0.01"));

    assertThat(match.rule()).isEmpty();
    assertThat(match.reason())
        .isEqualTo(
            "no rule matched: RB-101 rejected: alertname=HighErrorRate; "
                + "when 'alert.value > 0.05' false (alert.value=0.01)");
  }

  @Test
  void missingValueRejectsWithReasonInsteadOfThrowing() {
    RuleSet rules = new RuleSet(List.of(rule("RB-101", "HighErrorRate", "alert.value > 0.05")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "NaN"));

    assertThat(match.rule()).isEmpty();
    assertThat(match.reason()).endsWith("alert has no numeric 'value' annotation");
  }

  @Test
  void intLiteralComparesWithDoubleValue() {
    RuleSet rules = new RuleSet(List.of(rule("RB-102", "SlowDatabaseQueries", "alert.value > 1")));

    assertThat(rules.match(TestAlerts.withValue("SlowDatabaseQueries", "2.37")).matched()).isTrue();
    assertThat(rules.match(TestAlerts.withValue("SlowDatabaseQueries", "0.4")).matched()).isFalse();
  }

  @Test
  void firstMatchingRuleInIdOrderWinsAndOthersAreNoted() {
    RuleSet rules =
        new RuleSet(
            List.of(
                rule("RB-300", "HighErrorRate", null),
                rule("RB-200", "HighErrorRate", null),
                rule("RB-100", "HighErrorRate", "alert.value > 0.5")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "0.12"));

    assertThat(match.rule().map(Rule::id)).contains("RB-200");
    assertThat(match.reason())
        .isEqualTo(
            "matched RB-200 (alertname=HighErrorRate); also matched RB-300, first in id order"
                + " wins");
  }

  @Test
  void matchersNarrowTheCandidates() {
    RuleSet rules =
        new RuleSet(
            List.of(
                rule("RB-100", "HighErrorRate", null, "namespace=\"staging\""),
                rule(
                    "RB-101", "HighErrorRate", null, "namespace=~\"nba-.*\"", "tier!~\"canary\"")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "0.12"));

    assertThat(match.rule().map(Rule::id)).contains("RB-101");
    assertThat(match.reason())
        .isEqualTo(
            "matched RB-101 (alertname=HighErrorRate, namespace=~\"nba-.*\", tier!~\"canary\")");
  }

  @Test
  void rejectionNamesTheMatcherAndTheActualLabel() {
    RuleSet rules =
        new RuleSet(
            List.of(rule("RB-100", "HighErrorRate", null, "namespace=\"staging\"", "pod=\"x\"")));

    Match match = rules.match(TestAlerts.withValue("HighErrorRate", "0.12"));

    assertThat(match.reason())
        .isEqualTo(
            "no rule matched: RB-100 rejected: namespace=\"staging\" not satisfied"
                + " (namespace=\"nba-mcp\")");
  }

  @Test
  void indexesByEveryListedAlertname() {
    Criteria both =
        new Criteria(List.of("HighErrorRate", "HighLatency"), List.of(), Optional.empty());
    Rule rule = new Rule("RB-1", "t", "", "", Optional.empty(), both, "f", "v");
    RuleSet rules = new RuleSet(List.of(rule));

    assertThat(rules.match(TestAlerts.firing(Map.of("alertname", "HighLatency"))).matched())
        .isTrue();
    assertThat(rules.match(TestAlerts.firing(Map.of("alertname", "HighErrorRate"))).matched())
        .isTrue();
    assertThat(rules.match(TestAlerts.firing(Map.of("alertname", "Other"))).matched()).isFalse();
  }

  @Test
  void labelTextInReasonIsOneShortInertLine() {
    RuleSet rules = new RuleSet(List.of(rule("RB-100", "X", null, "namespace=\"a\"")));
    String evil = "line1\r\nline2\u0000\u202e" + "z".repeat(500);

    Match unmatched = rules.match(TestAlerts.firing(Map.of("alertname", evil)));
    Match rejected = rules.match(TestAlerts.firing(Map.of("alertname", "X", "namespace", evil)));

    for (Match match : List.of(unmatched, rejected)) {
      assertThat(match.reason())
          .doesNotContain("\r", "\n", "\u0000", "\u202e")
          .hasSizeLessThan(400);
    }
    assertThat(unmatched.reason()).contains("line1  line2").contains("...");
  }

  @Test
  void labelTextIsNeverEvaluatedAsAnExpression() {
    RuleSet rules =
        new RuleSet(List.of(rule("RB-100", "X", "alert.labels.expr == \"1 + 1 == 2\"")));
    Alert alert = TestAlerts.firing(Map.of("alertname", "X", "expr", "true || 1/0 == 0"));

    Match match = rules.match(alert);

    assertThat(match.matched()).isFalse();
    assertThat(match.reason()).contains("false");
  }

  @Test
  void evaluationErrorRejectsInsteadOfThrowing() {
    RuleSet rules = new RuleSet(List.of(rule("RB-100", "X", "alert.labels[\"team\"] == \"db\"")));

    Match match = rules.match(TestAlerts.firing(Map.of("alertname", "X")));

    assertThat(match.matched()).isFalse();
    assertThat(match.reason())
        .startsWith("no rule matched: RB-100 rejected: alertname=X; when ")
        .contains("failed");
  }

  @Test
  void evaluationIsBoundedByTheIterationBudget() {
    String huge =
        "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b,"
            + " [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))";
    RuleSet rules = new RuleSet(List.of(rule("RB-100", "X", huge)));

    Match match = rules.match(TestAlerts.firing(Map.of("alertname", "X")));

    assertThat(match.matched()).isFalse();
    assertThat(match.reason()).contains("failed").contains("budget");
  }

  @Test
  void unknownOrValueFreeExpressionsNeedNoValue() {
    RuleSet rules =
        new RuleSet(
            List.of(
                rule("RB-100", "X", "has(alert.labels.team) && alert.annotations.size() >= 0")));

    Match match = rules.match(TestAlerts.firing(Map.of("alertname", "X", "team", "db")));

    assertThat(match.reason())
        .isEqualTo(
            "matched RB-100 (alertname=X; when 'has(alert.labels.team) && alert.annotations.size()"
                + " >= 0' true)");
  }
}
