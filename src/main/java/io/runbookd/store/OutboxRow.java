package io.runbookd.store;

/** A page event waiting in the outbox, as delivery reads it. */
public record OutboxRow(
    long id, long pageId, String incidentId, String pager, String dedupKey, String event, String priority,
    String body, int attempts) {}
