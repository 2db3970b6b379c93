package io.runbookd.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Fits a straight line to a series (ordinary least squares, Commons Math {@link SimpleRegression})
 * and forecasts it ahead with 95 % prediction intervals from Student's t with {@code n − 2} degrees
 * of freedom: {@code ŷ ± t · s · sqrt(1 + 1/n + (x − x̄)² / Sxx)}. The {@code 1 +} is what makes it
 * an interval for a future observation rather than for the line. It refuses, with the reason, a
 * series shorter than {@value #MIN_SAMPLES} samples, and one whose interval at the horizon is wider
 * than the value it brackets. NaN and infinite samples are left out.
 */
public final class LinearForecast {
  public static final int MIN_SAMPLES = 8;
  static final double CONFIDENCE = 0.95;

  private LinearForecast() {}

  /** {@code steps} predictions ahead, spaced as the series is (its median spacing). */
  public static Forecast ahead(List<Sample> series, int steps) {
    List<Sample> clean = finite(series);
    double spacing = medianSpacing(clean);
    if (!(spacing > 0)) {
      return tooShort(clean.size());
    }
    return fit(clean, steps, spacing);
  }

  /**
   * {@code steps} predictions after the last sample, {@code stepSeconds} apart.
   *
   * @throws IllegalArgumentException for no steps, or a step that is not positive
   */
  public static Forecast fit(List<Sample> series, int steps, double stepSeconds) {
    if (steps < 1 || !(stepSeconds > 0) || Double.isInfinite(stepSeconds)) {
      throw new IllegalArgumentException("steps must be at least 1 and the step positive");
    }
    List<Sample> clean = finite(series);
    if (clean.size() < MIN_SAMPLES || distinctTimes(clean) < 3) {
      return tooShort(clean.size());
    }
    Trend trend = trend(clean);
    double last = clean.stream().mapToDouble(Sample::time).max().orElseThrow();
    double t = new TDistribution(trend.n() - 2).inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
    List<Prediction> predictions = new ArrayList<>(steps);
    for (int k = 1; k <= steps; k++) {
      predictions.add(predict(trend, last + k * stepSeconds, t));
    }
    Prediction end = predictions.get(steps - 1);
    if (end.halfWidth() > Math.abs(end.mean())) {
      return new Forecast(
          Forecast.Verdict.TOO_NOISY,
          String.format(
              Locale.ROOT,
              "too noisy to forecast: at the horizon the 95%% interval (±%s) is wider than the"
                  + " value (%s); R² %.2f over %d samples",
              Numbers.format(end.halfWidth()),
              Numbers.format(end.mean()),
              trend.rSquared(),
              trend.n()),
          Optional.of(trend),
          List.of());
    }
    return new Forecast(Forecast.Verdict.OK, describe(trend, end), Optional.of(trend), predictions);
  }

  static Trend trend(List<Sample> samples) {
    double origin = samples.get(0).time();
    SimpleRegression regression = new SimpleRegression(true);
    double meanX = 0;
    for (Sample s : samples) {
      regression.addData(s.time() - origin, s.value());
      meanX += s.time() - origin;
    }
    meanX /= samples.size();
    double sxx = 0;
    for (Sample s : samples) {
      sxx += (s.time() - origin - meanX) * (s.time() - origin - meanX);
    }
    double p = regression.getSignificance();
    return new Trend(
        regression.getSlope(),
        regression.getIntercept(),
        origin,
        regression.getRSquare(),
        Double.isNaN(p) ? 0 : p,
        (int) regression.getN(),
        Math.sqrt(regression.getMeanSquareError()),
        meanX,
        sxx);
  }

  private static Prediction predict(Trend trend, double time, double t) {
    double x = time - trend.origin();
    double spread =
        trend.residualStdError()
            * Math.sqrt(
                1 + 1.0 / trend.n() + (x - trend.meanX()) * (x - trend.meanX()) / trend.sxx());
    double mean = trend.at(time);
    return new Prediction(time, mean, mean - t * spread, mean + t * spread);
  }

  private static String describe(Trend trend, Prediction end) {
    return String.format(
        Locale.ROOT,
        "linear trend %s%s per day (R² %.2f, %d samples%s); at the horizon %s, 95%% prediction"
            + " interval %s to %s",
        trend.slope() >= 0 ? "+" : "",
        Numbers.format(trend.slopePerDay()),
        trend.rSquared(),
        trend.n(),
        trend.significant() ? "" : "; no significant trend, so this is the level",
        Numbers.format(end.mean()),
        Numbers.format(end.lower()),
        Numbers.format(end.upper()));
  }

  private static Forecast tooShort(int n) {
    return new Forecast(
        Forecast.Verdict.TOO_SHORT,
        "too short to forecast: "
            + n
            + " usable samples, at least "
            + MIN_SAMPLES
            + " at 3 or more distinct times are needed",
        Optional.empty(),
        List.of());
  }

  private static List<Sample> finite(List<Sample> series) {
    return series.stream()
        .filter(s -> Double.isFinite(s.time()) && Double.isFinite(s.value()))
        .sorted(java.util.Comparator.comparingDouble(Sample::time))
        .toList();
  }

  private static long distinctTimes(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::time).distinct().count();
  }

  /** The median gap between consecutive distinct times; NaN with fewer than two. */
  static double medianSpacing(List<Sample> sorted) {
    double[] gaps =
        IntStream.range(1, sorted.size())
            .mapToDouble(i -> sorted.get(i).time() - sorted.get(i - 1).time())
            .filter(gap -> gap > 0)
            .sorted()
            .toArray();
    return gaps.length == 0 ? Double.NaN : gaps[gaps.length / 2];
  }
}
