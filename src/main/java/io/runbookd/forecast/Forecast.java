package io.runbookd.forecast;

import java.util.List;
import java.util.Optional;

/**
 * A linear-trend forecast, or the reason there is none. A report shows {@link #reason()} instead of
 * numbers when the verdict is not {@code OK}.
 *
 * @param verdict whether the series could be forecast
 * @param reason one sentence: what was forecast, or why not
 * @param trend the fitted line, when there were enough samples to fit one
 * @param predictions the future points with their 95 % prediction intervals (empty unless OK)
 */
public record Forecast(
    Verdict verdict, String reason, Optional<Trend> trend, List<Prediction> predictions) {

  /** Whether a forecast could be made. */
  public enum Verdict {
    OK,
    /** Fewer samples than {@link LinearForecast#MIN_SAMPLES}, or all at one time. */
    TOO_SHORT,
    /** The prediction interval at the horizon is wider than the predicted value itself. */
    TOO_NOISY
  }

  public Forecast {
    predictions = List.copyOf(predictions);
  }

  public boolean usable() {
    return verdict == Verdict.OK;
  }

  /** The last prediction, at the horizon. */
  public Optional<Prediction> horizon() {
    return predictions.isEmpty()
        ? Optional.empty()
        : Optional.of(predictions.get(predictions.size() - 1));
  }
}
