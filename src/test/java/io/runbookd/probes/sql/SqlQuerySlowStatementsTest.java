package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.plugin.RefusedException;
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

/** slow_statements on a server with pg_stat_statements preloaded, after real slow statements. */
class SqlQuerySlowStatementsTest {
  private static String url;
  private static Datasources datasources;
  private static SqlQuery probe;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    TestDatasources.execute(
        url,
        "CREATE EXTENSION pg_stat_statements",
        "SELECT pg_sleep(0.3)",
        "SELECT pg_sleep(0.3)",
        "SELECT pg_sleep(0.3)");
    String bare = Postgres.newDatabase();
    datasources =
        new Datasources(
            Map.of(
                "nba_stats", TestDatasources.postgres(url),
                "bare", TestDatasources.postgres(bare)));
    probe = new SqlQuery(datasources, new NamedQueries(Map.of()));
  }

  @AfterAll
  static void close() {
    datasources.close();
  }

  @Test
  void listsTheStatementMadeSlowWithPgSleep() throws Exception {
    Finding finding =
        SqlProbeRunner.run(probe, "nba_stats", "slow_statements", "threshold_ms", 100.0);

    Map<String, Object> sleep =
        list(finding.data().get("statements")).stream()
            .map(SqlQuerySlowStatementsTest::map)
            .filter(s -> String.valueOf(s.get("query")).contains("pg_sleep"))
            .findFirst()
            .orElseThrow();
    assertThat(sleep).containsEntry("calls", 3L);
    assertThat((Double) sleep.get("mean_ms")).isGreaterThanOrEqualTo(250.0);
    assertThat((Double) sleep.get("total_ms")).isGreaterThanOrEqualTo(750.0);
    assertThat((Double) finding.data().get("worst_mean_ms")).isGreaterThanOrEqualTo(250.0);
    assertThat((Long) finding.data().get("count")).isPositive();
    assertThat(finding.summary()).startsWith("nba_stats: ").contains(" over 100 ms; worst ");
  }

  @Test
  void aHigherThresholdLeavesItOut() throws Exception {
    Finding finding =
        SqlProbeRunner.run(probe, "nba_stats", "slow_statements", "threshold_ms", 60_000.0);

    assertThat(finding.data())
        .containsEntry("statements", List.of())
        .containsEntry("count", 0L)
        .containsEntry("worst_mean_ms", 0.0);
    assertThat(finding.summary())
        .isEqualTo("nba_stats: no statement averages over 60000 ms (pg_stat_statements)");
  }

  @Test
  void withoutTheExtensionItSaysWhatToCreate() {
    assertThatThrownBy(() -> SqlProbeRunner.run(probe, "bare", "slow_statements"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("CREATE EXTENSION pg_stat_statements");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
