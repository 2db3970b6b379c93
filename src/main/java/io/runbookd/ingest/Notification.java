package io.runbookd.ingest;

import io.runbookd.alert.Alert;
import java.util.List;

/**
 * A parsed Alertmanager notification: its valid alerts and the ones left out.
 *
 * @param truncatedAlerts alerts Alertmanager dropped because of the receiver's {@code
 *     max_alerts}; they are not in {@code alerts}
 */
public record Notification(
    String groupKey,
    String receiver,
    int truncatedAlerts,
    List<Alert> alerts,
    List<Rejection> rejected) {}
