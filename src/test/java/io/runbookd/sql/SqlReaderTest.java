package io.runbookd.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.plugin.RefusedException;
import io.runbookd.testing.Postgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlReaderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static String url;
  private static Datasources datasources;
  private static SqlReader reader;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    TestDatasources.execute(
        url,
        "CREATE TABLE teams (name text PRIMARY KEY)",
        "INSERT INTO teams VALUES ('Lakers'), ('Celtics')");
    datasources = TestDatasources.of("nba_stats", url);
    reader = new SqlReader(datasources);
  }

  @AfterAll
  static void close() {
    datasources.close();
  }

  private static Rows select(String sql, List<?> args, int limit) throws Exception {
    return reader.read("nba_stats", TIMEOUT, s -> s.select(sql, args, limit));
  }

  @Test
  void bindsValuesAndNeverInterpolatesThem() throws Exception {
    String sql = "SELECT count(*) AS n FROM teams WHERE name = ?";

    Rows crafted = select(sql, List.of("Lakers' OR '1'='1"), 10);
    Rows plain = select(sql, List.of("Lakers"), 10);

    assertThat(crafted.rows()).containsExactly(Map.of("n", 0L));
    assertThat(plain.rows()).containsExactly(Map.of("n", 1L));
  }

  @Test
  void convertsColumnsToProbeDataShapes() throws Exception {
    Rows rows =
        select(
            "SELECT 1::int AS i, 2::bigint AS b, 1.5::numeric AS n, 2.5::float8 AS d, 'x' AS t,"
                + " true AS f, NULL::text AS z, ARRAY[1, 2]::int[] AS a,"
                + " '2025-10-12 12:00:00+00'::timestamptz AS ts",
            List.of(),
            1);

    assertThat(rows.rows().get(0))
        .containsEntry("i", 1L)
        .containsEntry("b", 2L)
        .containsEntry("n", 1.5)
        .containsEntry("d", 2.5)
        .containsEntry("t", "x")
        .containsEntry("f", true)
        .containsEntry("z", null)
        .containsEntry("a", List.of(1L, 2L))
        .containsEntry("ts", "2025-10-12T12:00:00Z");
  }

  @Test
  void capsRowsAndClipsText() throws Exception {
    Rows rows =
        select(
            "SELECT g, repeat('x', 500) AS long_text FROM generate_series(1, 150) g",
            List.of(),
            500);

    assertThat(rows.rows()).hasSize(Session.MAX_ROWS);
    assertThat(rows.truncated()).isTrue();
    assertThat((String) rows.rows().get(0).get("long_text")).hasSize(200).endsWith("…");
  }

  @Test
  void theDatabaseEndsAStatementAtTheTimeout() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                reader.read(
                    "nba_stats",
                    Duration.ofSeconds(1),
                    s -> s.select("SELECT pg_sleep(10)", List.of(), 1)));

    assertThat(thrown).isInstanceOf(SQLException.class).isNotInstanceOf(RefusedException.class);
    assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
  }

  @Test
  void aWriteIsRefusedAndChangesNothing() throws Exception {
    String write = "WITH gone AS (DELETE FROM teams RETURNING 1) SELECT count(*) FROM gone";

    assertThatThrownBy(() -> select(write, List.of(), 1))
        .isInstanceOf(QueryRefusedException.class)
        .hasMessageContaining("read-only")
        .extracting(e -> ((QueryRefusedException) e).sqlState())
        .isEqualTo("25006");
    assertThat(TestDatasources.count(url, "SELECT count(*) FROM teams")).isEqualTo(2);
  }

  @Test
  void aMissingTableIsARefusalNotAnOutage() {
    assertThatThrownBy(() -> select("SELECT * FROM no_such_table", List.of(), 1))
        .isInstanceOf(QueryRefusedException.class)
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("42P01");
  }

  @Test
  void refusesATimeoutAboveTheMaximum() {
    assertThatThrownBy(
            () ->
                reader.read(
                    "nba_stats", Duration.ofMinutes(1), s -> s.select("SELECT 1", List.of(), 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
