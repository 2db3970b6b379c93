package io.runbookd.rules;

import io.runbookd.alert.Alert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of rules, the alert-driven ones indexed by alertname. Matching runs on the event
 * loop for every alert: one map lookup, then matchers (precompiled RE2) and CEL conditions of the
 * few candidates.
 */
public final class RuleSet {

  private static final RuleSet EMPTY = new RuleSet(List.of());

  private final List<Rule> rules;
  private final Map<String, Rule> byId;
  private final Map<String, List<Rule>> byAlertname;

  /**
   * @throws IllegalArgumentException when two rules share an id
   */
  public RuleSet(Collection<Rule> rules) {
    List<Rule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparing(Rule::id));
    Map<String, Rule> ids = new HashMap<>();
    Map<String, List<Rule>> index = new HashMap<>();
    for (Rule rule : sorted) {
      if (ids.putIfAbsent(rule.id(), rule) != null) {
        throw new IllegalArgumentException("duplicate rule id " + rule.id());
      }
      for (String alertname : rule.match().map(Criteria::alertnames).orElse(List.of())) {
        index.computeIfAbsent(alertname, k -> new ArrayList<>()).add(rule);
      }
    }
    index.replaceAll((alertname, candidates) -> List.copyOf(candidates));
    this.rules = List.copyOf(sorted);
    this.byId = Map.copyOf(ids);
    this.byAlertname = index;
  }

  /** The set with no rule, before the first load. */
  public static RuleSet empty() {
    return EMPTY;
  }

  /** The rules in id order. */
  public List<Rule> rules() {
    return rules;
  }

  public Optional<Rule> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return rules.size();
  }

  /**
   * Finds the rule covering {@code alert}: among the rules listing its alertname, the first in id
   * order whose matchers and condition hold. Never throws; the reason explains the outcome,
   * including the other candidates that matched too or why each candidate was rejected.
   */
  public Match match(Alert alert) {
    List<Rule> candidates = byAlertname.get(alert.alertname());
    if (candidates == null) {
      return new Match(Optional.empty(), "no rule matched: " + noCandidate(alert.alertname()));
    }
    Rule winner = null;
    String why = "";
    List<String> alsoMatched = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (Rule rule : candidates) {
      Verdict verdict = rule.match().orElseThrow().test(alert); // indexed: it has a match
      if (!verdict.matched()) {
        rejected.add(rule.id() + " rejected: " + verdict.explanation());
      } else if (winner == null) {
        winner = rule;
        why = verdict.explanation();
      } else {
        alsoMatched.add(rule.id());
      }
    }
    if (winner == null) {
      return new Match(Optional.empty(), "no rule matched: " + String.join("; ", rejected));
    }
    String also =
        alsoMatched.isEmpty()
            ? ""
            : "; also matched " + String.join(", ", alsoMatched) + ", first in id order wins";
    return new Match(Optional.of(winner), "matched " + winner.id() + " (" + why + ")" + also);
  }

  private static String noCandidate(String alertname) {
    return alertname.isEmpty()
        ? "the alert has no alertname label"
        : "alertname '" + SafeText.of(alertname) + "' has no rule";
  }
}
