package io.runbookd.probes.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GetCostAndUsage}'s answer: {@code {"ResultsByTime": [{"TimePeriod": {"Start":
 * "2025-09-01", "End": "2025-10-01"}, "Total": {"BlendedCost": {"Amount": "1234.5678", "Unit":
 * "USD"}}, "Groups": [], "Estimated": false}], …}}. Amounts are decimal strings.
 */
final class CostReport {
  private CostReport() {}

  static Finding of(JsonNode answer, String metric) throws RefusedException {
    List<Map<String, Object>> months = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal last = BigDecimal.ZERO;
    String unit = "";
    boolean estimated = false;
    for (JsonNode result : answer.path("ResultsByTime")) {
      JsonNode cost = result.path("Total").path(metric);
      BigDecimal amount = amount(cost.path("Amount").asText(""));
      unit = cost.path("Unit").asText(unit);
      boolean guess = result.path("Estimated").asBoolean(false);
      estimated |= guess;
      Map<String, Object> month = new LinkedHashMap<>();
      month.put("start", result.path("TimePeriod").path("Start").asText(""));
      month.put("end", result.path("TimePeriod").path("End").asText(""));
      month.put("amount", amount.doubleValue());
      month.put("unit", cost.path("Unit").asText(""));
      month.put("estimated", guess);
      months.add(month);
      total = total.add(amount);
      last = amount;
    }
    if (months.isEmpty()) {
      throw new RefusedException("Cost Explorer answered no ResultsByTime");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("metric", metric);
    data.put("unit", unit);
    data.put("total", total.doubleValue());
    data.put("last_month", last.doubleValue());
    data.put("estimated", estimated);
    data.put("months", months);
    return new Finding(data, summary(metric, months, total, last, unit, estimated));
  }

  private static BigDecimal amount(String text) throws RefusedException {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new RefusedException("Cost Explorer answered an amount '" + Checks.clip(text) + "'");
    }
  }

  private static String summary(
      String metric,
      List<Map<String, Object>> months,
      BigDecimal total,
      BigDecimal last,
      String unit,
      boolean estimated) {
    String first = (String) months.get(0).get("start");
    String lastMonth = ((String) months.get(months.size() - 1).get("start"));
    String money = " " + Checks.clip(unit);
    String text =
        months.size() == 1
            ? "aws cost: "
                + metric
                + " "
                + first.substring(0, Math.min(7, first.length()))
                + ": "
                + round(last)
                + money
            : "aws cost: "
                + metric
                + " "
                + months.size()
                + " months from "
                + first
                + ": "
                + round(total)
                + money
                + ", last ("
                + lastMonth
                + ") "
                + round(last)
                + money;
    return text + (estimated ? " (estimated)" : "");
  }

  private static String round(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
