package io.runbookd.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasourcesTest {
  private static String url;

  @BeforeAll
  static void database() {
    url = Postgres.newDatabase();
  }

  @Test
  void connectionsAreReadOnlyAndNamedRunbookd() throws Exception {
    try (Datasources datasources = TestDatasources.of("nba_stats", url);
        Connection c = datasources.open("nba_stats");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('transaction_read_only'),"
                    + " current_setting('default_transaction_read_only'),"
                    + " current_setting('application_name')")) {
      rs.next();

      assertThat(rs.getString(1)).isEqualTo("on");
      assertThat(rs.getString(2)).isEqualTo("on");
      assertThat(rs.getString(3)).isEqualTo(Datasources.APPLICATION_NAME);
      assertThat(c.getAutoCommit()).isFalse();
    }
  }

  @Test
  void unknownNameIsRefusedListingTheConfiguredOnes() {
    Datasources datasources =
        new Datasources(
            Map.of(
                "nba_stats", TestDatasources.postgres(url),
                "billing", TestDatasources.postgres(url)));

    assertThatThrownBy(() -> datasources.open("nba_stats; DROP TABLE x"))
        .isInstanceOf(UnknownDatasourceException.class)
        .hasMessage("unknown datasource 'nba_stats; DROP TABLE x'; configured: billing, nba_stats");
    assertThat(new Datasources(Map.of()).unknown("x"))
        .isEqualTo("unknown datasource 'x'; configured: (none)");
  }

  @Test
  void contactsNoDatabaseUntilFirstUseAndNeverShowsUrlOrPassword() {
    RunbookdConfig.Datasource unreachable =
        new RunbookdConfig.Datasource(
            "jdbc:postgresql://127.0.0.1:1/db?password=url-secret-123",
            Optional.of("runbookd"),
            Optional.of(Secret.of("file-secret-456")));
    PoolSettings quick = new PoolSettings(2, Duration.ofMillis(300), Duration.ofSeconds(5));
    Datasources datasources = new Datasources(Map.of("down", unreachable), quick);

    Throwable thrown = catchThrowable(() -> datasources.open("down"));
    datasources.close();

    assertThat(thrown).isInstanceOf(SQLException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain("url-secret-123")
          .doesNotContain("file-secret-456");
    }
  }

  @Test
  void aMalformedUrlIsReportedWithoutQuotingIt() {
    RunbookdConfig.Datasource malformed =
        new RunbookdConfig.Datasource(
            "jdbc:postgresql://db:notaport/nba?password=url-secret-123",
            Optional.empty(),
            Optional.empty());
    Datasources datasources = new Datasources(Map.of("nba_stats", malformed));

    Throwable thrown = catchThrowable(() -> datasources.open("nba_stats"));

    assertThat(thrown)
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("datasource nba_stats: cannot create its pool")
        .hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain("url-secret-123");
  }

  @Test
  void closeEndsEverySessionAndRefusesFurtherUse() throws Exception {
    Datasources datasources = TestDatasources.of("nba_stats", url);
    try (Connection c = datasources.open("nba_stats")) {
      c.rollback();
    }

    datasources.close();

    assertThatThrownBy(() -> datasources.open("nba_stats"))
        .isInstanceOf(IllegalStateException.class);
    String runbookdSessions =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'runbookd'"
            + " AND datname = current_database()";
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> TestDatasources.count(url, runbookdSessions) == 0);
  }
}
