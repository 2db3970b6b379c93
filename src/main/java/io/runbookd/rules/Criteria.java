package io.runbookd.rules;

import io.runbookd.alert.Alert;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's {@code match} section: the alert names it covers, label matchers and a CEL condition.
 * All must hold.
 *
 * @param alertnames the alertname label values covered, at least one
 * @param matchers Alertmanager label matchers, possibly none
 * @param when the compiled condition, if any
 */
public record Criteria(
    List<String> alertnames, List<LabelMatcher> matchers, Optional<Condition> when) {

  public Criteria {
    alertnames = List.copyOf(alertnames);
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(when, "when");
    if (alertnames.isEmpty()) {
      throw new IllegalArgumentException("a rule covers at least one alertname");
    }
  }

  /**
   * Tests an alert whose alertname is one of {@link #alertnames()} (the rule set's index already
   * checked that): matchers first, as they are cheaper, then the condition.
   */
  Verdict test(Alert alert) {
    StringBuilder held = new StringBuilder("alertname=").append(SafeText.of(alert.alertname()));
    for (LabelMatcher matcher : matchers) {
      if (!matcher.matches(alert.labels())) {
        String shown = SafeText.of(matcher.toString());
        return Verdict.reject(shown + " not satisfied (" + actual(alert, matcher.name()) + ")");
      }
      held.append(", ").append(SafeText.of(matcher.toString()));
    }
    if (when.isEmpty()) {
      return Verdict.accept(held.toString());
    }
    Verdict condition = when.get().evaluate(alert);
    return new Verdict(condition.matched(), held + "; " + condition.explanation());
  }

  private static String actual(Alert alert, String label) {
    String value = alert.labels().get(label);
    return value == null ? label + " absent" : label + "=\"" + SafeText.of(value) + "\"";
  }
}
