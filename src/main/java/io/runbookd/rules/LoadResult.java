package io.runbookd.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading a rules directory yielded.
 *
 * @param ruleSet the rules, present only when there is no problem at all
 * @param problems every problem in every file, in file then line order
 * @param files how many rule files were read
 */
public record LoadResult(Optional<RuleSet> ruleSet, List<Problem> problems, int files) {

  public LoadResult {
    Objects.requireNonNull(ruleSet, "ruleSet");
    problems = List.copyOf(problems);
    if (ruleSet.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException("a rule set exactly when there is no problem");
    }
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The problems as {@code file:line: message} lines. */
  public List<String> lines() {
    return problems.stream().map(Problem::toString).toList();
  }
}
