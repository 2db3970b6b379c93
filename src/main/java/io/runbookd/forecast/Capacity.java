package io.runbookd.forecast;

import java.util.Locale;

/**
 * HPA bounds from a forecast and the load one pod carries: {@code minReplicas} covers the lowest
 * expected load over the horizon, {@code maxReplicas} the highest upper prediction bound plus
 * headroom, both within the policy's floor and ceiling. A recommendation that hits the ceiling says
 * so: the ceiling or the per-pod capacity must change, not the forecast.
 */
public final class Capacity {
  private Capacity() {}

  /**
   * What to run.
   *
   * @param perPod the load one pod carries at its target (e.g. requests per second at 70 % CPU)
   * @param headroom added above the upper bound, e.g. 0.2 for 20 %
   * @param floor the fewest replicas, for availability
   * @param ceiling the most replicas the cluster or budget allows
   */
  public record Policy(double perPod, double headroom, int floor, int ceiling) {
    public Policy {
      if (!(perPod > 0) || Double.isInfinite(perPod)) {
        throw new IllegalArgumentException("perPod must be a positive number");
      }
      if (!(headroom >= 0 && headroom <= 2)) {
        throw new IllegalArgumentException("headroom must be between 0 and 2");
      }
      if (floor < 1 || ceiling < floor || ceiling > 1000) {
        throw new IllegalArgumentException("need 1 <= floor <= ceiling <= 1000");
      }
    }
  }

  /**
   * A recommendation, or the reason there is none ({@code usable} false: the forecast was refused).
   *
   * @param capped whether the ceiling cut {@code maxReplicas} below what the forecast needs
   */
  public record Recommendation(
      boolean usable, int minReplicas, int maxReplicas, boolean capped, String reason) {}

  public static Recommendation recommend(Forecast forecast, Policy policy) {
    if (!forecast.usable()) {
      return new Recommendation(false, 0, 0, false, "no recommendation: " + forecast.reason());
    }
    double low = forecast.predictions().stream().mapToDouble(Prediction::mean).min().orElseThrow();
    double high =
        forecast.predictions().stream().mapToDouble(Prediction::upper).max().orElseThrow();
    long neededMin = pods(Math.max(low, 0), policy.perPod());
    long neededMax = pods(Math.max(high, 0) * (1 + policy.headroom()), policy.perPod());
    int min = (int) Math.min(Math.max(neededMin, policy.floor()), policy.ceiling());
    int max = (int) Math.min(Math.max(neededMax, min), policy.ceiling());
    boolean capped = neededMax > policy.ceiling();
    String reason =
        String.format(
            Locale.ROOT,
            "min %d covers the lowest expected load %s, max %d the upper bound %s plus %.0f%%"
                + " headroom, at %s per pod%s",
            min,
            Numbers.format(low),
            max,
            Numbers.format(high),
            policy.headroom() * 100,
            Numbers.format(policy.perPod()),
            capped
                ? "; capped at the ceiling of "
                    + policy.ceiling()
                    + " ("
                    + neededMax
                    + " needed): raise the ceiling or the per-pod capacity"
                : "");
    return new Recommendation(true, min, max, capped, reason);
  }

  private static long pods(double load, double perPod) {
    double pods = Math.ceil(load / perPod - 1e-9);
    return pods > 1_000_000 ? 1_000_000 : (long) pods;
  }
}
