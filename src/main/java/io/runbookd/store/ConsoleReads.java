package io.runbookd.store;

import java.util.Map;
import java.util.TreeMap;

/** The few cheap reads the web console needs besides incidents themselves. */
public final class ConsoleReads {
  private final Store store;

  public ConsoleReads(Store store) {
    this.store = store;
  }

  /** Incidents per status (wire form), over every incident the store keeps. */
  public Map<String, Long> countsByStatus() {
    return store.read(c -> {
      Map<String, Long> out = new TreeMap<>();
      Sql.list(c, "SELECT status, COUNT(*) FROM incidents GROUP BY status", rs -> out.put(rs.getString(1),
          rs.getLong(2)));
      return out;
    });
  }

  /**
   * Changes whenever an incident is opened, a timeline line is written (every status change writes
   * one) or a runtime setting such as the kill switch changes: three index look-ups, so a page can
   * ask every few seconds whether it is stale.
   */
  public String stamp() {
    return store.read(c -> Sql.one(c, "SELECT (SELECT COALESCE(MAX(seq), 0) FROM incidents),"
        + " (SELECT COALESCE(MAX(seq), 0) FROM timeline), (SELECT COALESCE(MAX(updated_at), 0) FROM runtime_settings)",
        rs -> rs.getLong(1) + "." + rs.getLong(2) + "." + rs.getLong(3)).orElse("0.0.0"));
  }
}
