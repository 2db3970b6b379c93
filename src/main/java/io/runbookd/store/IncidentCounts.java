package io.runbookd.store;

import java.util.Map;
import java.util.TreeMap;

/** Counts of incidents for gauges: one grouped read over the incidents not ended. */
public final class IncidentCounts {
  private final Store store;

  public IncidentCounts(Store store) {
    this.store = store;
  }

  /**
   * Incidents not ended, per status (wire form): the open ones only, so the read stays as small
   * as the work in flight however much history the store keeps.
   */
  public Map<String, Long> openByStatus() {
    return store.read(c -> {
      Map<String, Long> out = new TreeMap<>();
      Sql.list(c, "SELECT status, COUNT(*) FROM incidents WHERE ended_at IS NULL GROUP BY status",
          rs -> out.put(rs.getString(1), rs.getLong(2)));
      return out;
    });
  }
}
