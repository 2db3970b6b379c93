package io.runbookd.store;

/** A page waiting in the outbox, as the delivery worker reads it. */
public record OutboxRow(
    long id, String incidentId, String pager, String dedupKey, String event, String priority,
    String page, int attempts) {}
