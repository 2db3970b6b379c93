package io.runbookd.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the last reload of the rules directory did, for the status API and the console: when it
 * ran, whether the new rules are in force, and, when they are not, the first problems (a failed
 * reload keeps the last good rules, so this is where an operator sees why an edit did not apply).
 *
 * @param rules the rules the reload read (in force only when {@code ok})
 * @param problems how many problems it found
 * @param firstProblems the first {@link #SHOWN} of them, as {@code file:line: message}
 */
public record Reload(Instant at, boolean ok, int rules, int problems, List<String> firstProblems) {
  /** How many problems are kept: enough to fix the first edit, never a whole directory's worth. */
  public static final int SHOWN = 5;

  public Reload {
    firstProblems = List.copyOf(firstProblems);
  }

  static Reload of(LoadResult result, Instant at) {
    List<String> lines = result.lines();
    int rules = result.ruleSet().map(RuleSet::size).orElse(0);
    return new Reload(at, result.ok(), rules, lines.size(), lines.subList(0, Math.min(SHOWN, lines.size())));
  }

  /** The problems shown, one a line, with how many more there are; empty when the reload succeeded. */
  public Optional<String> error() {
    if (ok) {
      return Optional.empty();
    }
    String more = problems > firstProblems.size() ? "\n(and " + (problems - firstProblems.size()) + " more)" : "";
    return Optional.of(String.join("\n", firstProblems) + more);
  }
}
