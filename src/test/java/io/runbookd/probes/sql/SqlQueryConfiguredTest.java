package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queries configured in runbookd.yaml, run through the probe against a real error_log. */
class SqlQueryConfiguredTest {
  private static final String QUERIES =
      """
queries:
  error_distribution:
    datasource: nba_stats
    sql: >-
      SELECT error_type, COUNT(*) AS count FROM error_log
      WHERE timestamp > NOW() - make_interval(mins => ?::int)
      GROUP BY error_type ORDER BY count DESC LIMIT 10
    params: ["window_minutes:int=60"]
  errors_of_type:
    sql: SELECT count(*) AS n FROM error_log WHERE error_type = ?
    params: ["error_type:text"]
  sleepy: {sql: "SELECT pg_sleep(10) AS slept"}
  sneaky_write: {sql: "WITH gone AS (DELETE FROM error_log RETURNING 1) SELECT count(*) FROM gone"}
""";

  @TempDir static Path dir;
  private static String url;
  private static Datasources datasources;
  private static SqlQuery probe;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    TestDatasources.execute(
        url,
        "CREATE TABLE error_log (error_type text, timestamp timestamptz)",
        "INSERT INTO error_log SELECT 'Timeout', now() FROM generate_series(1, 3)",
        "INSERT INTO error_log VALUES ('DbError', now())",
        "INSERT INTO error_log SELECT 'Old', now() - interval '2 hours' FROM generate_series(1,"
            + " 5)");
    String yaml =
        "webhook: {insecure: true}\ndatasources: {nba_stats: {url: '"
            + url
            + "', user: postgres}}\n";
    Path file = Files.writeString(dir.resolve("runbookd.yaml"), yaml + QUERIES);
    RunbookdConfig config = new ConfigLoader(Map.of()).load(file);
    datasources = new Datasources(config.datasources());
    probe = new SqlQuery(datasources, new NamedQueries(config.queries()));
  }

  @AfterAll
  static void close() {
    datasources.close();
  }

  private static Finding run(String query, Object... more) throws Exception {
    return SqlProbeRunner.run(probe, "nba_stats", query, more);
  }

  @Test
  void countsErrorsByTypeInTheWindow() throws Exception {
    Finding finding = run("error_distribution", "args", Map.of("window_minutes", 60));

    assertThat(finding.data())
        .containsEntry(
            "rows",
            List.of(
                Map.of("error_type", "Timeout", "count", 3L),
                Map.of("error_type", "DbError", "count", 1L)))
        .containsEntry("count", 2L)
        .containsEntry("truncated", false);
    assertThat(finding.summary())
        .isEqualTo(
            "nba_stats: error_distribution returned 2 rows; columns: error_type, count");
  }

  @Test
  void recordsTheShapeOfTheRowsButNoValue() throws Exception {
    Finding finding = run("error_distribution", "args", Map.of("window_minutes", 60));
    io.runbookd.redact.Redactor redactor = io.runbookd.redact.Redactor.of(probe.info());
    String mark = io.runbookd.redact.Redactor.MARK;

    Map<String, Object> recorded = redactor.data(finding.data());
    String summary = redactor.text(finding.summary(), Map.of(), finding.data());

    assertThat(recorded)
        .containsEntry(
            "rows",
            List.of(
                Map.of("error_type", mark, "count", mark), Map.of("error_type", mark, "count", mark)))
        .containsEntry("count", 2L);
    assertThat(summary).doesNotContain("Timeout").startsWith("nba_stats: error_distribution returned 2 rows");
  }

  @Test
  void theDeclaredDefaultAppliesAndAWiderWindowSeesOlderErrors() throws Exception {
    Finding byDefault = run("error_distribution");
    Finding wide = run("error_distribution", "args", Map.of("window_minutes", "180"));

    assertThat(byDefault.data()).containsEntry("count", 2L);
    assertThat(wide.data().get("rows").toString()).startsWith("[{error_type=Old, count=5}");
  }

  @Test
  void textFromAnAlertIsBoundNotInterpolated() throws Exception {
    Finding crafted = run("errors_of_type", "args", Map.of("error_type", "Timeout' OR '1'='1"));
    Finding plain = run("errors_of_type", "args", Map.of("error_type", "Timeout"));

    assertThat(crafted.data().get("rows")).isEqualTo(List.of(Map.of("n", 0L)));
    assertThat(plain.data().get("rows")).isEqualTo(List.of(Map.of("n", 3L)));
  }

  @Test
  void theStatementTimeoutEndsASlowQuery() {
    Throwable thrown = catchThrowable(() -> run("sleepy", "timeout", "1s"));

    assertThat(thrown).isInstanceOf(SQLException.class).isNotInstanceOf(RefusedException.class);
    assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
  }

  @Test
  void aWriteHiddenInAQueryIsRefused() throws Exception {
    assertThatThrownBy(() -> run("sneaky_write"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("read-only");
    assertThat(TestDatasources.count(url, "SELECT count(*) FROM error_log")).isEqualTo(9);
  }
}
