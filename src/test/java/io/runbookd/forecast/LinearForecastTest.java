package io.runbookd.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Linear forecasts against series whose trend and noise are known (seeded). */
class LinearForecastTest {
  private static final double DAY = 86_400;
  private static final double T0 = 1_735_689_600; // 2025-01-01T00:00:00Z

  /** {@code days} daily samples of {@code level + slope·day + N(0, sigma)}. */
  static List<Sample> series(long seed, int days, double level, double slopePerDay, double sigma) {
    Random random = new Random(seed);
    List<Sample> out = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      out.add(new Sample(T0 + d * DAY, level + slopePerDay * d + sigma * random.nextGaussian()));
    }
    return out;
  }

  @Test
  void theIntervalContainsTheTrueFutureValue() {
    List<Sample> history = series(42, 180, 1200, 6.5, 40);

    Forecast forecast = LinearForecast.ahead(history, 30);

    assertThat(forecast.verdict()).isEqualTo(Forecast.Verdict.OK);
    assertThat(forecast.predictions()).hasSize(30);
    Prediction end = forecast.horizon().orElseThrow();
    double truth = 1200 + 6.5 * (179 + 30);
    assertThat(end.time()).isEqualTo(T0 + (179 + 30) * DAY);
    assertThat(truth).isBetween(end.lower(), end.upper());
    assertThat(forecast.trend().orElseThrow().slopePerDay()).isCloseTo(6.5, Offset.offset(0.3));
    assertThat(forecast.trend().orElseThrow().significant()).isTrue();
    assertThat(forecast.reason()).startsWith("linear trend +6.").contains("180 samples");
  }

  @Test
  void aboutNinetyFivePercentOfFutureObservationsFallInTheInterval() {
    int trials = 400;
    int inside = 0;
    Random future = new Random(7);
    for (int trial = 0; trial < trials; trial++) {
      List<Sample> history = series(1000 + trial, 20, 50, 1.5, 4);
      Prediction p = LinearForecast.ahead(history, 10).horizon().orElseThrow();
      double observed = 50 + 1.5 * (19 + 10) + 4 * future.nextGaussian();
      inside += observed >= p.lower() && observed <= p.upper() ? 1 : 0;
    }
    // the confidence interval of the line would hold far fewer: this is a prediction interval
    assertThat(inside / (double) trials).isBetween(0.91, 0.99);
  }

  @Test
  void theIntervalIsTheTextbookPredictionInterval() {
    List<Sample> history = series(3, 12, 10, 0.5, 1);

    Forecast forecast = LinearForecast.fit(history, 1, 2 * DAY);

    Trend trend = forecast.trend().orElseThrow();
    double x0 = (11 + 2) * DAY;
    double meanX = 5.5 * DAY;
    double sxx = 0;
    for (int d = 0; d < 12; d++) {
      sxx += (d * DAY - meanX) * (d * DAY - meanX);
    }
    double t = new TDistribution(10).inverseCumulativeProbability(0.975);
    double half =
        t * trend.residualStdError() * Math.sqrt(1 + 1.0 / 12 + (x0 - meanX) * (x0 - meanX) / sxx);
    double confidenceHalf =
        t * trend.residualStdError() * Math.sqrt(1.0 / 12 + (x0 - meanX) * (x0 - meanX) / sxx);
    Prediction p = forecast.predictions().get(0);
    assertThat(p.halfWidth()).isCloseTo(half, Offset.offset(1e-9));
    assertThat(p.halfWidth()).isGreaterThan(confidenceHalf * 1.5);
    assertThat(p.mean()).isCloseTo(trend.intercept() + trend.slope() * x0, Offset.offset(1e-9));
  }

  @Test
  void aShortSeriesIsRefusedWithTheReason() {
    Forecast forecast = LinearForecast.ahead(series(1, 7, 100, 1, 1), 30);

    assertThat(forecast.verdict()).isEqualTo(Forecast.Verdict.TOO_SHORT);
    assertThat(forecast.predictions()).isEmpty();
    assertThat(forecast.reason())
        .isEqualTo(
            "too short to forecast: 7 usable samples, at least 8 at 3 or more distinct times are"
                + " needed");
  }

  @Test
  void missingValuesDoNotCount() {
    List<Sample> history = new ArrayList<>(series(1, 7, 100, 1, 1));
    history.add(new Sample(T0 + 7 * DAY, Double.NaN));
    history.add(new Sample(T0 + 8 * DAY, Double.POSITIVE_INFINITY));

    assertThat(LinearForecast.ahead(history, 5).verdict()).isEqualTo(Forecast.Verdict.TOO_SHORT);
    assertThat(LinearForecast.ahead(List.of(), 5).verdict()).isEqualTo(Forecast.Verdict.TOO_SHORT);
  }

  @Test
  void aFlatSeriesDrownedInNoiseIsTooNoisy() {
    Forecast forecast = LinearForecast.ahead(series(11, 30, 10, 0, 9), 30);

    assertThat(forecast.verdict()).isEqualTo(Forecast.Verdict.TOO_NOISY);
    assertThat(forecast.predictions()).isEmpty();
    assertThat(forecast.reason())
        .startsWith("too noisy to forecast: at the horizon the 95% interval");
    assertThat(forecast.trend()).isPresent();
  }

  @Test
  void aFlatSeriesWithLittleNoiseForecastsTheLevelAndSaysSo() {
    Forecast forecast = LinearForecast.ahead(series(5, 60, 300, 0, 6), 30);

    assertThat(forecast.verdict()).isEqualTo(Forecast.Verdict.OK);
    assertThat(forecast.trend().orElseThrow().significant()).isFalse();
    assertThat(forecast.reason()).contains("no significant trend, so this is the level");
    assertThat(300.0)
        .isBetween(
            forecast.horizon().orElseThrow().lower(), forecast.horizon().orElseThrow().upper());
  }

  @Test
  void refusesNonsenseArguments() {
    List<Sample> history = series(1, 20, 1, 1, 0.1);
    assertThatThrownBy(() -> LinearForecast.fit(history, 0, DAY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinearForecast.fit(history, 3, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
