package io.runbookd.ingest;

import io.runbookd.alert.Alert;
import io.runbookd.incident.Priority;
import java.util.List;
import java.util.Optional;

/** Finds the runbook that covers an alert. Runs on the event loop: it must not block. */
@FunctionalInterface
public interface AlertMatcher {

  /**
   * @param ruleId the runbook's id, empty when none covers the alert
   * @param ruleVersion the version of the rule file that matched, snapshotted on the incident
   * @param priority the rule's own priority, if it sets one
   * @param groupBy the labels whose values, with the rule, make one problem (one incident)
   * @param reason one line for the timeline: why it matched, or why nothing did
   */
  record Result(
      Optional<String> ruleId,
      Optional<String> ruleVersion,
      Optional<Priority> priority,
      List<String> groupBy,
      String reason) {}

  Result match(Alert alert);
}
