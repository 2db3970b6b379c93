package io.runbookd.actions.k8s;

import io.runbookd.k8s.KubeChecks;
import io.runbookd.k8s.Quantities;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.ParamException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The entries {@code k8s.set_resources} names ({@code requests.cpu}, ...), checked and shown. */
final class ResourceEntries {
  private ResourceEntries() {}

  /** {@code unset}: a non-empty list of {@code requests.R} or {@code limits.R}, R cpu or memory. */
  static final Check CHECK =
      value -> {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
          return Optional.of("must name at least one entry, e.g. limits.cpu");
        }
        for (Object item : list) {
          String[] parts = String.valueOf(item).split("\\.", -1);
          boolean known =
              parts.length == 2
                  && (parts[0].equals("requests") || parts[0].equals("limits"))
                  && KubeChecks.RESOURCES.contains(parts[1]);
          if (!known) {
            return Optional.of(
                "'"
                    + Checks.clip(item)
                    + "' is not requests.cpu, requests.memory, limits.cpu or"
                    + " limits.memory");
          }
        }
        return Optional.empty();
      };

  /** Something to change, nothing both set and removed, no request above its limit. */
  static void checkConsistent(SetResourcesParams p) throws ParamException {
    if (p.requests().isEmpty() && p.limits().isEmpty() && p.unset().isEmpty()) {
      throw new ParamException("requests", "set requests, limits or unset");
    }
    for (String entry : p.unset()) {
      String resource = entry.substring(entry.indexOf('.') + 1);
      Map<String, String> set = entry.startsWith("requests.") ? p.requests() : p.limits();
      if (set.containsKey(resource)) {
        throw new ParamException("unset", entry + " is both set and removed");
      }
    }
    for (Map.Entry<String, String> request : p.requests().entrySet()) {
      String limit = p.limits().get(request.getKey());
      if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
        throw new ParamException(
            "requests",
            request.getKey() + " request " + request.getValue() + " exceeds its limit " + limit);
      }
    }
  }

  /** {@code requests cpu=2, memory=4Gi; limits cpu=4; unset limits.memory}. */
  static String describe(SetResourcesParams p) {
    List<String> parts = new ArrayList<>();
    if (!p.requests().isEmpty()) {
      parts.add("requests " + pairs(p.requests()));
    }
    if (!p.limits().isEmpty()) {
      parts.add("limits " + pairs(p.limits()));
    }
    if (!p.unset().isEmpty()) {
      parts.add("unset " + String.join(", ", p.unset()));
    }
    return String.join("; ", parts);
  }

  private static String pairs(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static BigDecimal amount(String text) {
    return Quantities.parse(text).orElse(BigDecimal.ZERO);
  }
}
