package io.runbookd.probes.aws;

/** What {@code aws.rds_snapshots} reads: the automated snapshots of one instance, last N days. */
public record RdsSnapshotsParams(String instance, long days) {}
