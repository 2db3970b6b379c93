package io.runbookd.actions.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql.vacuum_analyze against a real PostgreSQL, as the tables' owner. */
class VacuumAnalyzeTest {
  private static String url;
  private static SqlWriters writers;
  private static VacuumAnalyze vacuum;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    Pg.roles(url);
    TestDatasources.execute(
        url,
        "CREATE TABLE games (id int PRIMARY KEY, season int)",
        "INSERT INTO games SELECT g, 2000 + g % 25 FROM generate_series(1, 20000) g",
        "ALTER TABLE games OWNER TO rb_owner",
        "CREATE TABLE players (id int)",
        "INSERT INTO players SELECT generate_series(1, 100)",
        "ALTER TABLE players OWNER TO rb_owner",
        "CREATE TABLE secret_stuff (id int)",
        "INSERT INTO secret_stuff VALUES (1)");
    writers = Pg.writers(url, "rb_indexer", "indexer");
    vacuum = new VacuumAnalyze(writers);
  }

  @AfterAll
  static void close() {
    writers.close();
  }

  private static VacuumParams params(Object... more) throws Exception {
    return Pg.bind(vacuum, raw(more));
  }

  private static Map<String, Object> raw(Object... more) {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", Pg.DATASOURCE));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  private static long counter(String table, String column) throws SQLException {
    return TestDatasources.count(
        url, "SELECT " + column + " FROM pg_stat_user_tables WHERE relname = '" + table + "'");
  }

  @Test
  void vacuumsAndAnalyzesATableThenIsNotNeeded() throws Exception {
    TestDatasources.execute(url, "DELETE FROM games WHERE id % 2 = 0");
    await().atMost(Duration.ofSeconds(10)).until(() -> counter("games", "n_dead_tup") > 0);
    long vacuums = counter("games", "vacuum_count");
    long analyzes = counter("games", "analyze_count");
    VacuumParams p = params("table", "games", "timeout", "30s");
    Instant started = Instant.now().minusSeconds(1);

    Outcome outcome = vacuum.execute(p);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.detail()).startsWith("VACUUM (ANALYZE) of the table games finished in ");
    assertThat(outcome.data()).containsEntry("tables", 1L).containsEntry("skipped", 0L);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(counter("games", "vacuum_count")).isEqualTo(vacuums + 1);
              assertThat(counter("games", "analyze_count")).isEqualTo(analyzes + 1);
              assertThat(counter("games", "n_dead_tup")).isZero();
            });
    assertThat(vacuum.recheck(p, started).status()).isEqualTo(Outcome.Status.DONE);
    Outcome again = vacuum.execute(p);
    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(again.detail()).contains("no dead rows");
  }

  @Test
  void theWholeDatabaseLeavesOutWhatItMayNotVacuum() throws Exception {
    VacuumParams p = params();
    Instant started = Instant.now().minusSeconds(1);

    Outcome outcome = vacuum.execute(p);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("tables", 2L)
        .containsEntry("skipped", 0L)
        .containsEntry("not_owned", 1L);
    assertThat(outcome.detail()).contains("1 tables not runbookd's").doesNotContain("warning");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> vacuum.recheck(p, started).status() == Outcome.Status.DONE);
    assertThat(counter("secret_stuff", "vacuum_count")).isZero();
    assertThat(vacuum.target(p).key()).isEqualTo("sql:nba_stats:database");
  }

  @Test
  void aLockedTableTimesOutAndTheDatabaseFormSkipsIt() throws Exception {
    try (Connection ddl = TestDatasources.connect(url)) {
      ddl.setAutoCommit(false);
      try (var s = ddl.createStatement()) {
        s.execute("LOCK TABLE players IN SHARE UPDATE EXCLUSIVE MODE");
      }

      Outcome table = vacuum.execute(params("table", "players", "timeout", "1s"));
      Outcome database = vacuum.execute(params("timeout", "30s"));

      assertThat(table.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(table.detail()).contains("did not finish within 1s");
      assertThat(database.status()).isEqualTo(Outcome.Status.DONE);
      assertThat(database.data()).containsEntry("skipped", 1L);
      assertThat(database.detail())
          .contains("skipping vacuum of \"players\" --- lock not available");
      ddl.rollback();
    }
  }

  @Test
  void recheckIsNotAppliedBeforeAndFailsOnUnknownOrForeignTables() throws Exception {
    Outcome missing = vacuum.execute(params("table", "nope"));
    Outcome foreign = vacuum.execute(params("table", "secret_stuff"));

    assertThat(vacuum.recheck(params("table", "players"), Instant.now().plusSeconds(60)).status())
        .isEqualTo(Outcome.Status.NOT_APPLIED);
    assertThat(missing.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(missing.detail()).isEqualTo("table nope does not exist");
    assertThat(foreign.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(foreign.detail()).contains("owns no table");
    assertThat(vacuum.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(vacuum.retrySafe()).isTrue();
  }

  @Test
  void refusesCraftedParameters() {
    assertThat(problems("table", "games; VACUUM FULL"))
        .singleElement()
        .asString()
        .startsWith("table: ");
    assertThat(problems("table", "games\"")).hasSize(1);
    assertThat(problems("timeout", "2h")).hasSize(1);
    assertThat(problems("datasource", "other")).hasSize(1);
    assertThat(problems("table", "public.games")).isEmpty();
  }

  private static List<String> problems(String key, Object value) {
    return ParamBinder.problems(vacuum.info().params(), raw(key, value));
  }
}
