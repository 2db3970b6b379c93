package io.runbookd.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 250m}, {@code 1}, {@code 2Gi}, {@code 512Mi}, {@code 1e3},
 * {@code 129M}, and the nanocores {@code 123456789n} metrics-server reports) as whole millicores
 * and bytes, rounded up as kubectl does. Malformed text is empty, never an exception: a quantity
 * comes from the cluster and one odd object must not fail a whole probe.
 */
public final class Quantities {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final long KI = 1024;

  /** The API's quantity grammar, unsigned: digits, then a binary, decimal or exponent suffix. */
  private static final Pattern TEXT =
      Pattern.compile(
          "([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]{1,3}|[mkMGTPE])?");

  private Quantities() {}

  /**
   * Text a rule wrote ({@code 2}, {@code 500m}, {@code 4Gi}) as its amount in base units (cores,
   * bytes); empty unless it is a well-formed, unsigned quantity of at most 32 characters. Stricter
   * than {@link #millicores}: this text goes to the API server, not from it.
   */
  public static Optional<BigDecimal> parse(String text) {
    if (text == null || text.length() > 32 || !TEXT.matcher(text).matches()) {
      return Optional.empty();
    }
    return amount(new Quantity(text));
  }

  /** CPU in millicores: {@code 250m} is 250, {@code 1} is 1000, {@code 1500000n} is 2. */
  public static Optional<Long> millicores(Quantity quantity) {
    return amount(quantity).map(cores -> ceil(cores.multiply(THOUSAND)));
  }

  /** Memory in bytes: {@code 2Gi} is 2147483648, {@code 129M} is 129000000. */
  public static Optional<Long> bytes(Quantity quantity) {
    return amount(quantity).map(Quantities::ceil);
  }

  /** {@code 7.5Gi}, {@code 512Mi}, {@code 300Ki}, {@code 12B}: binary units, one decimal. */
  public static String formatBytes(long bytes) {
    String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
    if (bytes < KI) {
      return bytes + "B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= KI && unit < units.length - 1) {
      value /= KI;
      unit++;
    }
    BigDecimal rounded =
        BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.toPlainString() + units[unit];
  }

  private static Optional<BigDecimal> amount(Quantity quantity) {
    if (quantity == null || quantity.getAmount() == null || quantity.getAmount().isBlank()) {
      return Optional.empty();
    }
    try {
      BigDecimal value = Quantity.getAmountInBytes(quantity);
      return value.signum() < 0 ? Optional.empty() : Optional.of(value);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long ceil(BigDecimal value) {
    BigDecimal whole = value.setScale(0, RoundingMode.CEILING);
    return whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        ? Long.MAX_VALUE
        : whole.longValueExact();
  }
}
