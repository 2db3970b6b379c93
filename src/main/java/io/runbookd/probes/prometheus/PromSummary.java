package io.runbookd.probes.prometheus;

import io.runbookd.plugin.Checks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line {@code prometheus.query} leaves in the timeline: {@code prometheus: 3 series, max
 * 0.021 (job="api")}, {@code prometheus: scalar 0.012} or {@code prometheus: empty result}.
 */
final class PromSummary {
  private static final int MAX_LABELS = 120;

  private PromSummary() {}

  static String of(PromResult result, PromStats stats) {
    return switch (result.type()) {
      case "scalar" -> "prometheus: scalar " + number(stats.first());
      case "string" -> "prometheus: string \"" + Checks.clip(result.text().orElse("")) + "\"";
      default -> vector(result, stats);
    };
  }

  private static String vector(PromResult result, PromStats stats) {
    int n = result.series().size();
    if (n == 0) {
      return "prometheus: empty result";
    }
    if (n == 1) {
      return "prometheus: 1 series, value " + number(stats.first()) + labels(result, 0);
    }
    return "prometheus: "
        + n
        + " series, max "
        + number(stats.max())
        + labels(result, stats.maxAt());
  }

  private static String labels(PromResult result, int index) {
    Map<String, String> labels = result.series().get(index).labels();
    String text =
        labels.entrySet().stream()
            .filter(e -> !e.getKey().equals("__name__"))
            .map(e -> Checks.clip(e.getKey()) + "=\"" + Checks.clip(e.getValue()) + "\"")
            .collect(Collectors.joining(", "));
    if (text.isEmpty()) {
      return "";
    }
    return " (" + (text.length() > MAX_LABELS ? text.substring(0, MAX_LABELS) + "…" : text) + ")";
  }

  /** Four significant digits, as Prometheus writes special values. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
