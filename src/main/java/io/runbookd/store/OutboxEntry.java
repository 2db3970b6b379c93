package io.runbookd.store;

/**
 * One page event to deliver: to which pager, the dedup key, event and revision that make it
 * unique, and the page itself as JSON (written by escalation, read back by its delivery).
 *
 * @param incidentId the incident whose timeline records the delivery
 */
public record OutboxEntry(
    long pageId,
    String incidentId,
    String pager,
    String dedupKey,
    String event,
    int revision,
    String priority,
    String body) {}
