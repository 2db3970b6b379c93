package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * table_sizes on a real database: the database's size as pg_database_size reports it, and its
 * largest tables with their indexes, largest first, cut at the limit.
 */
class SqlQueryTableSizesTest {
  private static String url;
  private static Datasources datasources;
  private static SqlQuery probe;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    TestDatasources.execute(url,
        "CREATE TABLE games (id int, season int)",
        "INSERT INTO games SELECT g, 2000 + g % 25 FROM generate_series(1, 200000) g",
        "CREATE INDEX idx_games_id ON games (id)",
        "CREATE TABLE players (id int, name text)",
        "INSERT INTO players SELECT g, 'player ' || g FROM generate_series(1, 20000) g",
        "CREATE TABLE teams (id int)",
        "ANALYZE");
    datasources = TestDatasources.of("nba_stats", url);
    probe = new SqlQuery(datasources, new NamedQueries(Map.of()));
  }

  @AfterAll
  static void close() {
    datasources.close();
  }

  @Test
  void reportsTheDatabaseSizeAndItsLargestTablesLargestFirst() throws Exception {
    long databaseBytes = TestDatasources.count(url, "SELECT pg_database_size(current_database())");
    long gamesBytes = TestDatasources.count(url, "SELECT pg_total_relation_size('games')");
    long gamesIndexBytes = TestDatasources.count(url, "SELECT pg_indexes_size('games')");

    Finding finding = SqlProbeRunner.run(probe, "nba_stats", "table_sizes", "limit", 2);

    assertThat((Long) finding.data().get("database_bytes")).isEqualTo(databaseBytes);
    assertThat((String) finding.data().get("database_size")).endsWith("MB");
    assertThat(finding.data()).containsEntry("count", 3L);
    List<?> tables = (List<?>) finding.data().get("tables");
    assertThat(tables.stream().map(t -> (Object) ((Map<?, ?>) t).get("table")).toList())
        .containsExactly("public.games", "public.players");
    Map<?, ?> games = (Map<?, ?>) tables.get(0);
    assertThat(games.get("total_bytes")).isEqualTo(gamesBytes);
    assertThat(games.get("index_bytes")).isEqualTo(gamesIndexBytes);
    assertThat(games.get("rows_estimate")).isEqualTo(200000L);
    assertThat(finding.summary()).startsWith("nba_stats: database ")
        .contains("3 tables; largest public.games (");
  }
}
