package io.runbookd.rules;

import io.runbookd.incident.Priority;
import java.util.Objects;
import java.util.Optional;

/**
 * One runbook, loaded from one rule file.
 *
 * @param id unique id, e.g. {@code RB-101}
 * @param title one line for incidents and pages
 * @param description free text, "" when absent
 * @param runbook link or reference to the human runbook, "" when absent
 * @param priority the rule's own priority, if it sets one
 * @param match which alerts the rule covers
 * @param file the file it was loaded from, as shown in problems, e.g. {@code rules/RB-101.yaml}
 * @param version the first 12 hex digits of the SHA-256 of the file's bytes; an incident records it
 *     so that it keeps naming the rule text it started with after a reload
 */
public record Rule(
    String id,
    String title,
    String description,
    String runbook,
    Optional<Priority> priority,
    Criteria match,
    String file,
    String version,
    Steps steps) {

  /** A rule that only matches (no steps), as tests build them. */
  public Rule(
      String id,
      String title,
      String description,
      String runbook,
      Optional<Priority> priority,
      Criteria match,
      String file,
      String version) {
    this(id, title, description, runbook, priority, match, file, version, Steps.none());
  }

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    description = description == null ? "" : description;
    runbook = runbook == null ? "" : runbook;
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(steps, "steps");
  }
}
