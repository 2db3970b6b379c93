package io.runbookd.store;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Named settings every replica shares ({@code runtime_settings}): the reason the kill switch was
 * pulled, the console's per-install signing key. The kill switch itself is {@link GuardStore}'s.
 */
public final class RuntimeSettings {
  /** Why the kill switch was last set, in the words of whoever set it. */
  public static final String PAUSED_REASON = "paused_reason";

  private final Store store;

  public RuntimeSettings(Store store) {
    this.store = store;
  }

  public Optional<String> get(String name) {
    return store.read(c -> Sql.one(c, "SELECT setting FROM runtime_settings WHERE name = ?", rs -> rs.getString(1),
        name));
  }

  /** Sets {@code name}, in the caller's transaction. */
  public static void put(Tx tx, String name, String value, String by) {
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO runtime_settings (name, setting, updated_at, updated_by)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET setting = excluded.setting,"
        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by", name, value, tx.now(), by));
  }

  /**
   * The value stored under {@code name}, storing {@code initial} first when there is none. Replicas
   * starting together all read the one value that was stored first.
   */
  public String getOrCreate(String name, Supplier<String> initial) {
    store.write(tx -> Sql.update(tx.c(), "INSERT INTO runtime_settings (name, setting, updated_at, updated_by)"
        + " VALUES (?, ?, ?, 'install') ON CONFLICT DO NOTHING", name, initial.get(), tx.now()));
    return get(name).orElseThrow(() -> new StoreException("runtime setting " + name + " vanished"));
  }
}
