package io.runbookd.sql;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/** Datasources and plain connections for tests against embedded PostgreSQL (postgres/postgres). */
public final class TestDatasources {
  private TestDatasources() {}

  public static RunbookdConfig.Datasource postgres(String url) {
    return new RunbookdConfig.Datasource(
        url, Optional.of("postgres"), Optional.of(Secret.of("postgres")));
  }

  public static Datasources of(String name, String url) {
    return new Datasources(Map.of(name, postgres(url)));
  }

  /** A plain session, as an application would open one (autocommit on). */
  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, "postgres", "postgres");
  }

  public static void execute(String url, String... statements) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  public static long pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static long count(String url, String sql) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
