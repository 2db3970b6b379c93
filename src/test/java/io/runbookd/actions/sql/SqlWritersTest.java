package io.runbookd.actions.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.sql.QueryRefusedException;
import io.runbookd.sql.SqlIdentifiers;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import io.runbookd.sql.UnknownDatasourceException;
import io.runbookd.testing.Postgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer connections the SQL actions use (io.runbookd.sql.SqlWriters), on a real server. */
class SqlWritersTest {
  private static String url;
  private static SqlWriters writers;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    Pg.roles(url);
    TestDatasources.execute(url, "CREATE TABLE accounts (id int)");
    writers = Pg.writers(url, "rb_app", "app");
  }

  @AfterAll
  static void close() {
    writers.close();
  }

  @Test
  void writesAsRunbookdWithTheServersTimeouts() throws Exception {
    String sql =
        "SELECT current_setting('transaction_read_only') AS ro,"
            + " current_setting('application_name') AS app,"
            + " current_setting('statement_timeout') AS st,"
            + " current_setting('lock_timeout') AS lt";

    Map<String, Object> row =
        writers
            .write(Pg.DATASOURCE, Duration.ofSeconds(7), s -> s.select(sql, List.of()))
            .rows()
            .get(0);

    assertThat(row)
        .containsEntry("ro", "off")
        .containsEntry("app", "runbookd")
        .containsEntry("st", "7s")
        .containsEntry("lt", "5s");
  }

  @Test
  void everyStatementIsItsOwnTransaction() throws Exception {
    String xid = "SELECT txid_current() AS xid";

    List<Object> xids =
        writers.write(
            Pg.DATASOURCE,
            Duration.ofSeconds(5),
            s -> List.of(xid(s.select(xid, List.of())), xid(s.select(xid, List.of()))));

    assertThat(xids.get(0)).isNotEqualTo(xids.get(1));
  }

  private static Object xid(io.runbookd.sql.Rows rows) {
    return rows.rows().get(0).get("xid");
  }

  @Test
  void theStatementTimeoutIsEnforcedByTheServer() {
    assertThatThrownBy(
            () ->
                writers.write(
                    Pg.DATASOURCE,
                    Duration.ofMillis(300),
                    s -> s.select("SELECT pg_sleep(5)", List.of())))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("57014");
  }

  @Test
  void aMissingPrivilegeIsARefusal() {
    assertThatThrownBy(
            () ->
                writers.write(
                    Pg.DATASOURCE,
                    Duration.ofSeconds(5),
                    s -> {
                      s.execute("DROP TABLE accounts");
                      return null;
                    }))
        .isInstanceOf(QueryRefusedException.class)
        .hasMessageContaining("must be owner");
  }

  @Test
  void anUnknownDatasourceIsRefusedListingTheConfiguredOnes() {
    assertThatThrownBy(() -> writers.write("other", Duration.ofSeconds(1), s -> null))
        .isInstanceOf(UnknownDatasourceException.class)
        .hasMessage("unknown datasource 'other'; configured: nba_stats");
    assertThatThrownBy(() -> writers.write(Pg.DATASOURCE, Duration.ofHours(1), s -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBrokenUrlNeverShowsItsPassword() {
    RunbookdConfig.Datasource broken =
        new RunbookdConfig.Datasource(
            "jdbc:nope://admin:hunter2@db.internal/x",
            Optional.empty(),
            Optional.of(Secret.of("pw")));
    try (SqlWriters bad = new SqlWriters(Map.of("x", broken))) {
      assertThatThrownBy(() -> bad.write("x", Duration.ofSeconds(1), s -> null))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("datasource x: cannot create its writer pool")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void quotesOnlyPlainIdentifiers() {
    assertThat(SqlIdentifiers.quote("user")).isEqualTo("\"user\"");
    assertThatThrownBy(() -> SqlIdentifiers.quote("a\"b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
