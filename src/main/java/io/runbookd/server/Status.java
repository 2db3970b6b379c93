package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.store.GuardStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code GET /api/v1/status} shows: nothing secret, nothing from input. */
final class Status {
  private Status() {}

  static Map<String, Object> of(RunbookdConfig config, RuleRegistry rules, GuardStore guards) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", config.mode().wire());
    out.put("paused", paused(guards));
    out.put("rulesLoaded", rules.current().size());
    out.put("store", config.store().postgres() ? "postgresql" : "h2");
    out.put("version", Status.class.getPackage().getImplementationVersion());
    return out;
  }

  /** The kill switch as the guards see it: unreadable counts as paused. */
  private static boolean paused(GuardStore guards) {
    try {
      return guards.paused();
    } catch (java.sql.SQLException e) {
      return true;
    }
  }
}
