package io.runbookd.probes.aws;

/**
 * What {@code aws.cost_and_usage} reads: {@code metric} (e.g. {@code BlendedCost}) per calendar
 * month, for the {@code months} whole months before the current one.
 */
public record CostAndUsageParams(int months, String metric) {}
