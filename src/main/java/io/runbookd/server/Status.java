package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.store.GuardStore;
import io.runbookd.store.RuntimeSettings;
import io.runbookd.store.Store;
import io.runbookd.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code GET /api/v1/status} shows: nothing secret, nothing from input. */
final class Status {
  private Status() {}

  static Map<String, Object> of(RunbookdConfig config, RuleRegistry rules, Store store, String owner) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", config.mode().wire());
    out.putAll(killSwitch(new GuardStore(store)));
    if (Boolean.TRUE.equals(out.get("paused"))) {
      reason(store).ifPresent(r -> out.put("pausedReason", r));
    }
    out.put("rules", rules(rules));
    out.put("store", config.store().postgres() ? "postgresql" : "sqlite");
    out.put("storeReady", store.fault().isEmpty());
    store.fault().ifPresent(f -> out.put("storeFault", f));
    out.put("replica", owner);
    out.put("version", Status.class.getPackage().getImplementationVersion());
    return out;
  }

  /**
   * The rules in force and how the last reload went: a reload that found problems keeps the last
   * good rules, and {@code error} says why (its first problems, one a line).
   */
  private static Map<String, Object> rules(RuleRegistry rules) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("loaded", rules.current().size());
    out.put("lastReload", rules.lastReload().map(r -> {
      Map<String, Object> reload = new LinkedHashMap<>();
      reload.put("at", r.at().toString());
      reload.put("ok", r.ok());
      reload.put("problems", r.problems());
      reload.put("error", r.error().orElse(null));
      return reload;
    }).orElse(null));
    return out;
  }

  /** Why the kill switch was pulled, as whoever pulled it said. */
  private static java.util.Optional<String> reason(Store store) {
    try {
      return new RuntimeSettings(store).get(RuntimeSettings.PAUSED_REASON).filter(r -> !r.isBlank());
    } catch (StoreException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The kill switch as this replica enforces it: the stored state, read now (every guard reads
   * the same); unreadable counts as paused.
   */
  private static Map<String, Object> killSwitch(GuardStore guards) {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      GuardStore.Switch s = guards.killSwitch();
      out.put("paused", s.paused());
      out.put("pausedBy", s.by().orElse(null));
      out.put("pausedAt", s.at().toString());
    } catch (StoreException e) {
      out.put("paused", true);
      out.put("pausedBy", "unreadable kill switch: treated as paused");
    }
    return out;
  }
}
