package io.runbookd.ingest;

import io.runbookd.alert.Alert;
import java.util.List;
import java.util.Map;

/**
 * A parsed Alertmanager notification: its group, its valid alerts and the ones left out.
 *
 * @param truncatedAlerts alerts Alertmanager dropped because of the receiver's {@code
 *     max_alerts}; they are not in {@code alerts}
 */
public record Notification(Group group, int truncatedAlerts, List<Alert> alerts, List<Rejection> rejected) {

  /**
   * Alertmanager's group: {@code groupKey} (the route and the group labels; the same on every
   * Alertmanager replica with the same configuration), the receiver, and the group labels.
   */
  public record Group(String key, String receiver, Map<String, String> labels) {}

  public String groupKey() {
    return group.key();
  }
}
