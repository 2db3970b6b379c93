package io.runbookd.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HPA bounds from a forecast and the measured per-pod capacity. */
class CapacityTest {
  private static Forecast forecast(double... meanLowerUpper) {
    List<Prediction> predictions = new java.util.ArrayList<>();
    for (int i = 0; i < meanLowerUpper.length; i += 3) {
      predictions.add(
          new Prediction(i, meanLowerUpper[i], meanLowerUpper[i + 1], meanLowerUpper[i + 2]));
    }
    return new Forecast(Forecast.Verdict.OK, "test", Optional.empty(), predictions);
  }

  @Test
  void minCoversTheLowestExpectedLoadAndMaxTheUpperBoundWithHeadroom() {
    // 450 → 600 rps expected, upper bound 700; a pod serves 100 rps at its target
    Capacity.Recommendation r =
        Capacity.recommend(
            forecast(450, 400, 500, 600, 500, 700), new Capacity.Policy(100, 0.2, 2, 50));

    assertThat(r.usable()).isTrue();
    assertThat(r.minReplicas()).isEqualTo(5);
    assertThat(r.maxReplicas()).isEqualTo(9); // 700 × 1.2 / 100 = 8.4
    assertThat(r.capped()).isFalse();
    assertThat(r.reason())
        .startsWith("min 5 covers the lowest expected load 450, max 9 the upper bound 700");
  }

  @Test
  void theFloorHoldsForLowLoad() {
    Capacity.Recommendation r =
        Capacity.recommend(forecast(20, 10, 30), new Capacity.Policy(100, 0.3, 3, 50));

    assertThat(r.minReplicas()).isEqualTo(3);
    assertThat(r.maxReplicas()).isEqualTo(3);
  }

  @Test
  void theCeilingCapsAndSaysSo() {
    Capacity.Recommendation r =
        Capacity.recommend(forecast(4000, 3500, 5000), new Capacity.Policy(100, 0.2, 2, 30));

    assertThat(r.minReplicas()).isEqualTo(30);
    assertThat(r.maxReplicas()).isEqualTo(30);
    assertThat(r.capped()).isTrue();
    assertThat(r.reason()).contains("capped at the ceiling of 30 (60 needed)");
  }

  @Test
  void aRefusedForecastGivesNoRecommendation() {
    Forecast refused = LinearForecast.ahead(List.of(new Sample(0, 1), new Sample(60, 2)), 10);

    Capacity.Recommendation r = Capacity.recommend(refused, new Capacity.Policy(100, 0.2, 2, 30));

    assertThat(r.usable()).isFalse();
    assertThat(r.reason()).startsWith("no recommendation: too short to forecast");
  }

  @Test
  void fromARealForecast() {
    Forecast f = LinearForecast.ahead(LinearForecastTest.series(9, 90, 800, 4, 25), 30);

    Capacity.Recommendation r = Capacity.recommend(f, new Capacity.Policy(120, 0.25, 2, 40));

    double upper = f.horizon().orElseThrow().upper();
    assertThat(r.maxReplicas()).isEqualTo((int) Math.ceil(upper * 1.25 / 120));
    assertThat(r.minReplicas()).isEqualTo((int) Math.ceil(f.predictions().get(0).mean() / 120));
    assertThat(r.minReplicas()).isLessThanOrEqualTo(r.maxReplicas());
  }

  @Test
  void refusesAnImpossiblePolicy() {
    assertThatThrownBy(() -> new Capacity.Policy(0, 0.2, 2, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capacity.Policy(Double.NaN, 0.2, 2, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capacity.Policy(100, -0.1, 2, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capacity.Policy(100, 0.2, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capacity.Policy(100, 0.2, 12, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
