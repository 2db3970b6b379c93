package io.runbookd.forecast;

/**
 * The trend's value at one future time with its 95 % prediction interval: where a single future
 * observation is expected to fall, not where the mean lies (that interval is narrower).
 *
 * @param time seconds since the epoch
 */
public record Prediction(double time, double mean, double lower, double upper) {
  public double halfWidth() {
    return (upper - lower) / 2;
  }
}
