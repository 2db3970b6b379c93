package io.runbookd.forecast;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Numbers as people read them in reasons and reports: four significant digits, no trailing zeros.
 */
public final class Numbers {
  private Numbers() {}

  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
