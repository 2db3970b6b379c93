package io.runbookd.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Storms: many incidents of one runbook (or, without a runbook, of one alert name) within a
 * window share one page. The first incident opens the storm and is paged as usual; the next
 * ones join it, and its page is updated (a new revision, same dedup key) at most once per
 * {@code updateEvery}. Runs in the caller's transaction.
 */
public final class StormStore {
  private StormStore() {}

  /**
   * How an incident joins its storm.
   *
   * @param page whether to send a page now (the first, or an update that is due)
   * @param incidents how many incidents the storm holds, this one included
   */
  public record Join(String dedupKey, int revision, boolean page, int incidents) {}

  public static Join join(Connection c, String key, String dedupKey, Instant now, Duration window,
      Duration updateEvery) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT window_start, dedup_key, incidents, last_paged_at, revision FROM storms WHERE storm_key = ?"
            + " FOR UPDATE")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getTimestamp(1).toInstant().plus(window).isAfter(now)) {
          return grow(c, key, now, updateEvery, rs);
        }
      }
    }
    run(c, "DELETE FROM storms WHERE storm_key = ?", key);
    run(c, "INSERT INTO storms (storm_key, window_start, dedup_key, incidents, last_paged_at, revision)"
        + " VALUES (?, ?, ?, 1, ?, 0)", key, Timestamp.from(now), dedupKey, Timestamp.from(now));
    return new Join(dedupKey, 0, true, 1);
  }

  private static Join grow(Connection c, String key, Instant now, Duration updateEvery, ResultSet rs)
      throws SQLException {
    String dedup = rs.getString(2);
    int incidents = rs.getInt(3) + 1;
    boolean update = !rs.getTimestamp(4).toInstant().plus(updateEvery).isAfter(now);
    int revision = rs.getInt(5) + (update ? 1 : 0);
    if (update) {
      run(c, "UPDATE storms SET incidents = ?, last_paged_at = ?, revision = ? WHERE storm_key = ?",
          incidents, Timestamp.from(now), revision, key);
    } else {
      run(c, "UPDATE storms SET incidents = ? WHERE storm_key = ?", incidents, key);
    }
    return new Join(dedup, revision, update, incidents);
  }

  private static void run(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
