package io.runbookd.k8s;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks for values the Kubernetes actions write into objects, in the style of {@link Checks}: they
 * run when rules load and again on values built from alert labels, before any API call.
 */
public final class KubeChecks {
  /** The resources {@code k8s.set_resources} may set: the two every scheduler understands. */
  public static final Set<String> RESOURCES = Set.of("cpu", "memory");

  private KubeChecks() {}

  /** Requests or limits: {@code {cpu: "2", memory: 4Gi}}, positive well-formed quantities. */
  public static final Check RESOURCE_QUANTITIES =
      value -> {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
          return Optional.of("must set cpu, memory or both");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Optional<String> problem = quantityProblem(String.valueOf(e.getKey()), e.getValue());
          if (problem.isPresent()) {
            return problem;
          }
        }
        return Optional.empty();
      };

  /** Names of environment variables, e.g. to remove: each as {@link Checks#ENV_VAR_NAMES}. */
  public static final Check ENV_NAME_LIST =
      value -> {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
          return Optional.of("must name at least one variable");
        }
        Map<Object, Object> asMap = new LinkedHashMap<>();
        list.forEach(name -> asMap.put(name, ""));
        return Checks.ENV_VAR_NAMES.problem(asMap);
      };

  /** A fraction in (0, 1]. */
  public static final Check RATIO =
      value -> {
        double v = ((Number) value).doubleValue();
        return v > 0 && v <= 1
            ? Optional.empty()
            : Optional.of("must be more than 0 and at most 1, got " + v);
      };

  private static Optional<String> quantityProblem(String resource, Object value) {
    if (!RESOURCES.contains(resource)) {
      return Optional.of(
          "'" + Checks.clip(resource) + "' is not a resource runbookd sets; use cpu or memory");
    }
    String text = String.valueOf(value);
    Optional<BigDecimal> amount = Quantities.parse(text);
    if (amount.isEmpty() || amount.get().signum() <= 0) {
      return Optional.of(
          resource
              + " '"
              + Checks.clip(text)
              + "' is not a positive quantity such as 500m, 2, 4Gi");
    }
    if (resource.equals("memory") && text.endsWith("m")) {
      // a classic slip: 512m of memory is half a byte, not 512 MiB
      return Optional.of(
          "memory '" + Checks.clip(text) + "' is in thousandths of a byte; use Mi or Gi");
    }
    return Optional.empty();
  }
}
