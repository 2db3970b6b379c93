package io.runbookd.actions.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Undo;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql.create_index_concurrently and its undo against a real PostgreSQL, as the tables' owner. */
class CreateIndexConcurrentlyTest {
  private static String url;
  private static SqlWriters writers;
  private static CreateIndexConcurrently create;
  private static DropIndexConcurrently drop;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    Pg.roles(url);
    TestDatasources.execute(
        url,
        "CREATE TABLE games (id int PRIMARY KEY, season int, team text)",
        "INSERT INTO games SELECT g, 2000 + g % 25, 'team' || g % 30 FROM generate_series(1, 5000)"
            + " g",
        "ALTER TABLE games OWNER TO rb_owner",
        "CREATE TABLE dup (x int)",
        "INSERT INTO dup VALUES (1), (1)",
        "ALTER TABLE dup OWNER TO rb_owner");
    writers = Pg.writers(url, "rb_indexer", "indexer");
    create = new CreateIndexConcurrently(writers);
    drop = new DropIndexConcurrently(writers);
  }

  @AfterAll
  static void close() {
    writers.close();
  }

  private static IndexParams params(Object... more) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", Pg.DATASOURCE));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return Pg.bind(create, raw);
  }

  private static Optional<Boolean> valid(String index) throws SQLException {
    String sql =
        "SELECT count(*) FILTER (WHERE i.indisvalid) * 10 + count(*) FROM pg_index i"
            + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '"
            + index
            + "'";
    long n = TestDatasources.count(url, sql);
    return n == 0 ? Optional.empty() : Optional.of(n == 11);
  }

  @Test
  void buildsTheSeedsIndexConcurrentlyThenFindsItInPlace() throws Exception {
    IndexParams p = params("table", "games", "columns", List.of("season"));

    assertThat(create.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
    Outcome outcome = create.execute(p);

    // CREATE INDEX CONCURRENTLY fails inside a transaction block: success shows autocommit.
    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.detail())
        .isEqualTo("created index idx_games_season concurrently on public.games (season)");
    assertThat(outcome.data())
        .containsEntry("index", "idx_games_season")
        .containsEntry("table", "public.games")
        .containsEntry("columns", List.of("season"));
    assertThat(valid("idx_games_season")).contains(true);
    assertThat(create.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
    Outcome again = create.execute(p);
    assertThat(again.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(again.detail()).contains("already exists and is valid");
  }

  @Test
  void undoDropsTheIndexItBuilt() throws Exception {
    IndexParams p =
        params(
            "table",
            "public.games",
            "columns",
            List.of("team", "season"),
            "name",
            "idx_team_season");
    Outcome done = create.execute(p);
    Undo undo = create.undo(p, done).orElseThrow();

    DropIndexParams dropping = drop.bind(ParamBinder.bind(drop.info().params(), undo.params()));
    Outcome dropped = drop.execute(dropping);

    assertThat(create.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
    assertThat(undo.action()).isEqualTo("sql.drop_index_concurrently");
    assertThat(dropped.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(dropped.data()).containsEntry("columns", List.of("team", "season"));
    assertThat(valid("idx_team_season")).isEmpty();
    assertThat(drop.recheck(dropping, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(drop.execute(dropping).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(create.undo(p, Outcome.notNeeded("there"))).isEmpty();
  }

  @Test
  void dropRefusesAConstraintsIndexAndAnotherTablesIndex() throws Exception {
    Map<String, Object> raw =
        new HashMap<>(Map.of("datasource", Pg.DATASOURCE, "table", "games", "name", "games_pkey"));
    Outcome constraint = drop.execute(drop.bind(ParamBinder.bind(drop.info().params(), raw)));
    raw.put("table", "dup");
    Outcome otherTable = drop.execute(drop.bind(ParamBinder.bind(drop.info().params(), raw)));

    assertThat(constraint.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(constraint.detail()).contains("backs constraint games_pkey");
    assertThat(otherTable.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(otherTable.detail()).contains("belongs to public.games, not public.dup");
    assertThat(valid("games_pkey")).contains(true);
    assertThat(drop.reversibility()).isEqualTo(Reversibility.PERMANENT);
  }

  @Test
  void reportsAnInvalidIndexLeftByAnEarlierFailedBuildInsteadOfSkippingIt() throws Exception {
    try {
      TestDatasources.execute(url, "CREATE UNIQUE INDEX CONCURRENTLY idx_dup_left ON dup (x)");
    } catch (SQLException expected) {
      // duplicate values: the build fails and leaves idx_dup_left INVALID
    }
    assertThat(valid("idx_dup_left")).contains(false);
    IndexParams p =
        params("table", "dup", "columns", List.of("x"), "name", "idx_dup_left", "unique", true);

    Outcome outcome = create.execute(p);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail())
        .contains("public.idx_dup_left exists but is INVALID")
        .contains("DROP INDEX CONCURRENTLY public.idx_dup_left");
    assertThat(create.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.UNKNOWN);
  }

  @Test
  void itsOwnFailedBuildIsReportedWithTheInvalidIndexItLeft() throws Exception {
    IndexParams p = params("table", "dup", "columns", List.of("x"), "unique", true);

    Outcome first = create.execute(p);
    Outcome second = create.execute(p);

    assertThat(first.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(first.detail())
        .startsWith("the build failed (ERROR: could not create unique index")
        .contains("SQLSTATE 23505")
        .contains("idx_dup_x exists but is INVALID")
        .doesNotContain("Key (x)");
    assertThat(second.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(second.detail()).contains("idx_dup_x exists but is INVALID");
    assertThat(create.retrySafe()).isFalse();
  }

  @Test
  void anEquivalentValidIndexUnderAnotherNameIsEnough() throws Exception {
    Outcome outcome = create.execute(params("table", "games", "columns", List.of("id")));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(outcome.detail())
        .contains("valid index games_pkey already covers public.games (id)");
  }

  @Test
  void refusesANameTakenByAnotherIndex() throws Exception {
    Outcome outcome =
        create.execute(params("table", "games", "columns", List.of("team"), "name", "games_pkey"));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail())
        .contains("games_pkey is taken by a unique btree index on" + " public.games (id)");
  }

  @Test
  void unknownTableOrColumnFails() throws Exception {
    Outcome table = create.execute(params("table", "players", "columns", List.of("season")));
    Outcome column =
        create.execute(params("table", "games", "columns", List.of("season", "venue", "coach")));

    assertThat(table.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(table.detail()).contains("table players does not exist");
    assertThat(column.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(column.detail()).isEqualTo("table public.games has no column venue, coach");
  }

  @Test
  void refusesCraftedIdentifiers() {
    assertThat(problems("table", "games; DROP TABLE x"))
        .singleElement()
        .asString()
        .startsWith("table: ");
    assertThat(problems("table", "\"quoted\"")).hasSize(1);
    assertThat(problems("table", "a.b.c")).hasSize(1);
    assertThat(problems("table", "Games")).hasSize(1);
    assertThat(problems("columns", List.of("season", "x) WITH (fillfactor=1"))).hasSize(1);
    assertThat(problems("columns", List.of())).hasSize(1);
    assertThat(problems("columns", List.of("a", "a"))).singleElement().asString().contains("twice");
    assertThat(problems("name", "1idx")).hasSize(1);
    assertThat(problems("name", "i".repeat(64))).hasSize(1);
    assertThat(problems("timeout", "2h")).hasSize(1);
    assertThat(problems("table", "stats.games")).isEmpty();
  }

  @Test
  void defaultNameFitsPostgresLimit() throws Exception {
    IndexParams p =
        params(
            "table", "games", "columns", List.of("a".repeat(30), "b".repeat(30), "c".repeat(30)));

    assertThat(p.name()).hasSize(63).startsWith("idx_games_aaa");
    assertThat(create.target(p).key()).isEqualTo("sql:nba_stats:table/games");
  }

  private static List<String> problems(String key, Object value) {
    Map<String, Object> raw =
        new HashMap<>(
            Map.of("datasource", Pg.DATASOURCE, "table", "games", "columns", List.of("season")));
    raw.put(key, value);
    return ParamBinder.problems(create.info().params(), raw);
  }
}
