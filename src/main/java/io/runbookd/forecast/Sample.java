package io.runbookd.forecast;

/**
 * One observation of a time series.
 *
 * @param time seconds since the epoch (Prometheus' timestamps), possibly fractional
 * @param value the observed value
 */
public record Sample(double time, double value) {}
