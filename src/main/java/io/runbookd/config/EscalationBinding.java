package io.runbookd.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code escalation.*}. The defaults are the seed's procedure: P0 respond within 15
 * minutes (on-call, then VP Engineering and CTO), P1 within 30 (on-call, then the team lead),
 * P2 within 2 hours (the on-call engineer), P3 by the next business day (the product team).
 */
final class EscalationBinding {
  private static final Map<String, RunbookdConfig.PriorityPolicy> DEFAULTS =
      Map.of(
          "P0", policy(Duration.ofMinutes(15), "on-call", "vp-engineering-and-cto"),
          "P1", policy(Duration.ofMinutes(30), "on-call", "team-lead"),
          "P2", policy(Duration.ofHours(2), "on-call"),
          "P3", policy(Duration.ofHours(24), "product-team"));

  private EscalationBinding() {}

  static RunbookdConfig.Escalation bind(Binder b) {
    Map<String, RunbookdConfig.PriorityPolicy> out = new LinkedHashMap<>();
    for (String p : List.of("P0", "P1", "P2", "P3")) {
      RunbookdConfig.PriorityPolicy fallback = DEFAULTS.get(p);
      String key = "escalation." + p;
      List<String> targets = b.raw(key + ".targets").isPresent() ? b.list(key + ".targets") : fallback.targets();
      if (targets.isEmpty()) {
        b.problem(key + ".targets", "needs at least one level");
      }
      Optional<List<String>> pagers =
          b.raw(key + ".pagers").isPresent() ? Optional.of(b.list(key + ".pagers")) : Optional.empty();
      out.put(p, new RunbookdConfig.PriorityPolicy(
          Durations.of(b, key + ".respondWithin", fallback.respondWithin()), pagers, targets));
    }
    return new RunbookdConfig.Escalation(
        Map.copyOf(out),
        Durations.of(b, "escalation.stormWindow", Duration.ofMinutes(10)),
        Durations.of(b, "escalation.stormUpdateEvery", Duration.ofMinutes(1)),
        severities(b));
  }

  /** {@code escalation.severity.NAME: P0..P3}; default critical P1, warning P2. */
  private static Map<String, String> severities(Binder b) {
    if (!(b.raw("escalation.severity").orElse(null) instanceof Map<?, ?> map)) {
      return Map.of("critical", "P1", "warning", "P2");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Object name : map.keySet()) {
      String key = "escalation.severity." + name;
      String value = b.text(key, "");
      if (!value.matches("P[0-3]")) {
        b.problem(key, "must be one of P0, P1, P2, P3");
      } else {
        out.put(String.valueOf(name).toLowerCase(java.util.Locale.ROOT), value);
      }
    }
    return Map.copyOf(out);
  }

  private static RunbookdConfig.PriorityPolicy policy(Duration respond, String... targets) {
    return new RunbookdConfig.PriorityPolicy(respond, Optional.empty(), List.of(targets));
  }
}
