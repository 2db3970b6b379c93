package io.runbookd.forecast;

/**
 * A least-squares line through a series: {@code value = intercept + slope × (time − origin)}.
 *
 * @param slope change per second
 * @param origin the time the intercept is at (the first sample's), which keeps the sums small
 * @param rSquared the share of the variance the line explains
 * @param slopePValue the probability of a slope at least this steep if there were no trend
 * @param n the samples fitted
 * @param residualStdError {@code s = sqrt(SSE / (n − 2))}
 * @param meanX the mean of {@code time − origin}
 * @param sxx {@code Σ (x − meanX)²}
 */
public record Trend(
    double slope,
    double intercept,
    double origin,
    double rSquared,
    double slopePValue,
    int n,
    double residualStdError,
    double meanX,
    double sxx) {

  /** The line's value at {@code time}. */
  public double at(double time) {
    return intercept + slope * (time - origin);
  }

  /** Whether the slope differs from zero at the 5 % level. */
  public boolean significant() {
    return slopePValue < 0.05;
  }

  /** Change per day, for people. */
  public double slopePerDay() {
    return slope * 86_400;
  }
}
