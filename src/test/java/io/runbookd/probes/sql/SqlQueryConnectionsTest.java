package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.PoolSettings;
import io.runbookd.sql.TestDatasources;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * connections on a server of its own with max_connections 20, filled by the test up to near the
 * limit and then to it. At most 20 connections are opened; all are closed.
 */
class SqlQueryConnectionsTest {
  private static final int MAX_CONNECTIONS = 20;
  private static EmbeddedPostgres server;
  private static String url;
  private final List<Connection> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    server =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", String.valueOf(MAX_CONNECTIONS))
            .start();
    url = server.getJdbcUrl("postgres", "postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @AfterEach
  void closeOpened() throws SQLException {
    for (Connection c : opened) {
      c.close();
    }
    opened.clear();
  }

  private Connection open() throws SQLException {
    Connection c = TestDatasources.connect(url);
    opened.add(c);
    return c;
  }

  private void openIdleInTransaction(int n) throws SQLException {
    for (int i = 0; i < n; i++) {
      Connection c = open();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
    }
  }

  @Test
  void countsConnectionsNearTheLimitByState() throws Exception {
    for (int i = 0; i < 10; i++) {
      open();
    }
    openIdleInTransaction(4);
    LockScenario lock = LockScenario.start(url);
    Finding finding;
    try (lock;
        Datasources datasources = TestDatasources.of("nba_stats", url)) {
      SqlQuery probe = new SqlQuery(datasources, new NamedQueries(Map.of()));

      finding = SqlProbeRunner.run(probe, "nba_stats", "connections");
    }

    Map<String, Object> data = finding.data();
    Map<?, ?> byState = (Map<?, ?>) data.get("by_state");
    long total = (Long) data.get("total");
    assertThat(byState.get("idle in transaction")).isEqualTo(5L);
    assertThat((Long) byState.get("idle")).isGreaterThanOrEqualTo(10L);
    assertThat((Long) byState.get("active")).isGreaterThanOrEqualTo(2L);
    assertThat(byState.values().stream().mapToLong(v -> (Long) v).sum()).isEqualTo(total);
    assertThat(data)
        .containsEntry("max_connections", 20L)
        .containsEntry("waiting", 1L)
        .containsEntry("used_ratio", total / 20.0);
    assertThat(total).isGreaterThanOrEqualTo(17L);
    assertThat(finding.summary())
        .matches(
            "nba_stats: \\d+ of 20 connections used \\(\\d+%\\): .*5 idle in transaction.*"
                + "; 1 waiting on locks");
  }

  @Test
  void aFullServerIsAFailureToRetryNotARefusal() throws Exception {
    for (int i = 0; i < MAX_CONNECTIONS + 5 && fillOne(); i++) {
      // fill every slot, superuser ones included; bounded by the loop
    }
    PoolSettings quick = new PoolSettings(2, Duration.ofMillis(500), Duration.ofSeconds(5));
    try (Datasources datasources =
        new Datasources(Map.of("nba_stats", TestDatasources.postgres(url)), quick)) {
      SqlQuery probe = new SqlQuery(datasources, new NamedQueries(Map.of()));

      Throwable thrown =
          catchThrowable(() -> SqlProbeRunner.run(probe, "nba_stats", "connections"));

      assertThat(opened).hasSizeLessThanOrEqualTo(MAX_CONNECTIONS);
      assertThat(thrown).isInstanceOf(SQLException.class).isNotInstanceOf(RefusedException.class);
      assertThat(((SQLException) thrown).getSQLState()).isEqualTo("53300");
    }
  }

  /** Opens one more connection; false once the server refuses. */
  private boolean fillOne() {
    try {
      open();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
