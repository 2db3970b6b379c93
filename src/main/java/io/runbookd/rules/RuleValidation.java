package io.runbookd.rules;

import java.nio.file.Path;
import java.util.List;

/** The logic of the {@code validate} command: the same loader as the daemon, nothing started. */
public final class RuleValidation {

  /**
   * The outcome of validating a directory.
   *
   * @param problems {@code file:line: message} lines, empty when every file is valid
   * @param files how many rule files were read
   */
  public record Report(List<String> problems, int files) {

    public Report {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private final RuleLoader loader;

  public RuleValidation(RuleLoader loader) {
    this.loader = loader;
  }

  public Report validate(Path dir) {
    LoadResult result = loader.load(dir);
    return new Report(result.lines(), result.files());
  }
}
