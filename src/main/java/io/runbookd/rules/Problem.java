package io.runbookd.rules;

import io.runbookd.redact.Redactor;
import java.util.Objects;

/**
 * One problem found in a rule file, rendered as {@code file:line: message} like a compiler.
 *
 * @param file the file as shown to users, e.g. {@code rules/RB-101.yaml}
 * @param line 1-based line in the file, or 0 when the problem is not about one line
 * @param message one line; untrusted text in it is already rendered safely
 */
public record Problem(String file, int line, String message) {

  /** Problems are printed by {@code validate} and logged: a URL quoted in one loses its secrets. */
  public Problem {
    Objects.requireNonNull(file, "file");
    message = SafeText.of(Redactor.TEXT.text(message), 1000);
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
