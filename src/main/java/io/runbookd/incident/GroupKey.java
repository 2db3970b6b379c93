package io.runbookd.incident;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which problem an alert belongs to: the rule that covers it and the values of the rule's
 * {@code group_by} labels, or, for an alert no rule covers, its Alertmanager group and alert
 * name. At most one incident per group is open at a time; a new alert of the group joins it.
 *
 * @param key a hash of what identifies the group (stored and indexed; no label text)
 * @param labels the labels that define the group, shown with the incident
 */
public record GroupKey(String key, Map<String, String> labels) {
  public GroupKey {
    labels = Map.copyOf(labels);
  }

  /** The group of a rule's alert: the rule and its grouping labels' values ("" when absent). */
  public static GroupKey ofRule(String ruleId, java.util.List<String> groupBy, Map<String, String> alertLabels) {
    TreeMap<String, String> values = new TreeMap<>();
    for (String label : groupBy) {
      values.put(label, alertLabels.getOrDefault(label, ""));
    }
    return new GroupKey("grp-" + Hashes.of("rule", ruleId, canonical(values)), values);
  }

  /**
   * The group of an alert no rule covers: the notification's Alertmanager group (its {@code
   * groupKey}, which holds the route and the group labels) and the alert's name.
   */
  public static GroupKey unmatched(String alertmanagerGroup, String alertname, Map<String, String> groupLabels) {
    TreeMap<String, String> values = new TreeMap<>(groupLabels);
    values.put("alertname", alertname);
    return new GroupKey("grp-" + Hashes.of("alertmanager", alertmanagerGroup, alertname), values);
  }

  /** A run of a scheduled or manual runbook: its own group, never joined by alerts. */
  public static GroupKey ofRun(String ruleId, String run) {
    return new GroupKey("run-" + Hashes.of("run", ruleId, run), Map.of());
  }

  /** The id of the incident this group opens with its first alert (or run). */
  public String incidentId(String firstAlertId) {
    return "inc-" + Hashes.of(key, firstAlertId);
  }

  private static String canonical(TreeMap<String, String> values) {
    StringBuilder out = new StringBuilder();
    values.forEach((k, v) -> out.append(k).append('=').append(v.length()).append(':').append(v).append('\n'));
    return out.toString();
  }

  /** The label value, if the group has it. */
  public Optional<String> label(String name) {
    return Optional.ofNullable(labels.get(name));
  }
}
