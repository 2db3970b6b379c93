package io.runbookd.ingest;

/** One alert left out of an otherwise valid notification, and why. */
public record Rejection(int index, String field, String error) {}
