package io.runbookd.rules;

import io.runbookd.incident.Priority;
import java.util.List;
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
 * @param triggers what starts it: alerts, schedules, a person; at least one
 * @param file the file it was loaded from, as shown in problems, e.g. {@code rules/RB-101.yaml}
 * @param version the first 12 hex digits of the SHA-256 of the file's bytes; an incident records it
 *     so that it keeps naming the rule text it started with after a reload
 * @param steps what it does once started
 * @param drill how often it is rehearsed, and with what
 * @param groupBy the rule's explicit {@code group_by} label names; empty when it has none (see
 *     {@link #groupingLabels()})
 * @param silence whether (and how long) its incidents' alerts are silenced in Alertmanager while
 *     runbookd works on them; empty when the rule does not ask
 */
public record Rule(
    String id,
    String title,
    String description,
    String runbook,
    Optional<Priority> priority,
    Triggers triggers,
    String file,
    String version,
    Steps steps,
    Drill drill,
    List<String> groupBy,
    Optional<Silence> silence) {

  /** A rule that does not ask for silences. */
  public Rule(
      String id,
      String title,
      String description,
      String runbook,
      Optional<Priority> priority,
      Triggers triggers,
      String file,
      String version,
      Steps steps,
      Drill drill,
      List<String> groupBy) {
    this(id, title, description, runbook, priority, triggers, file, version, steps, drill, groupBy,
        Optional.empty());
  }

  /** An alert-driven rule that only matches (no steps), as tests build them. */
  public Rule(
      String id,
      String title,
      String description,
      String runbook,
      Optional<Priority> priority,
      Criteria match,
      String file,
      String version) {
    this(
        id,
        title,
        description,
        runbook,
        priority,
        Triggers.alerts(match),
        file,
        version,
        Steps.none(),
        Drill.defaults(),
        List.of());
  }

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    description = description == null ? "" : description;
    runbook = runbook == null ? "" : runbook;
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(triggers, "triggers");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(steps, "steps");
    Objects.requireNonNull(drill, "drill");
    groupBy = List.copyOf(groupBy);
    Objects.requireNonNull(silence, "silence");
  }

  /** Which alerts start the rule; empty when no alert does. */
  public Optional<Criteria> match() {
    return triggers.match();
  }

  /**
   * The alert labels whose values tell one problem from another for this rule: alerts of the rule
   * with equal values for all of them are one problem. The explicit {@code group_by} when the rule
   * has one; otherwise {@code alertname} and the alert labels its steps read to pick their targets
   * ({@code alert.labels.X} or {@code alert.labels["X"]} in step parameters and {@code when}
   * conditions), in name order. Empty for a rule no alert starts.
   * A rule that writes its targets literally would group by {@code alertname} alone, which is
   * why every shipped alert-driven rule declares {@code group_by}.
   */
  public List<String> groupingLabels() {
    if (triggers.match().isEmpty()) {
      return List.of();
    }
    return groupBy.isEmpty() ? Grouping.readLabels(steps) : groupBy;
  }
}
