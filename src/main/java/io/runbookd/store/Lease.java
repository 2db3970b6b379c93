package io.runbookd.store;

/**
 * The right of one process to work on one incident, until it expires unless renewed. The token
 * grows with every claim: a write fenced with an older token (a process that lost the lease
 * while it worked) is refused.
 */
public record Lease(String incidentId, String owner, long token) {}
