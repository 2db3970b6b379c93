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

/**
 * sql.reindex_concurrently against a real PostgreSQL, as the table's owner, while another session
 * keeps reading the table through the index.
 */
class ReindexConcurrentlyTest {
  private static String url;
  private static SqlWriters writers;
  private static ReindexConcurrently reindex;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    Pg.roles(url);
    TestDatasources.execute(
        url,
        "CREATE TABLE games (id int PRIMARY KEY, season int)",
        "INSERT INTO games SELECT g, 2000 + g % 25 FROM generate_series(1, 200000) g",
        "CREATE INDEX idx_games_season ON games (season)",
        "DELETE FROM games WHERE id % 10 <> 0",
        "VACUUM games",
        "ALTER TABLE games OWNER TO rb_owner",
        "CREATE TABLE teams (id int PRIMARY KEY, name text)",
        "CREATE INDEX idx_teams_name ON teams (name)",
        "ALTER TABLE teams OWNER TO rb_owner",
        "CREATE TABLE foreign_stuff (id int PRIMARY KEY)");
    writers = Pg.writers(url, "rb_indexer", "indexer");
    reindex = new ReindexConcurrently(writers);
  }

  @AfterAll
  static void close() {
    writers.close();
  }

  private static ReindexParams params(String index, String timeout) throws Exception {
    return Pg.bind(reindex, raw("index", index, "timeout", timeout));
  }

  private static Map<String, Object> raw(Object... more) {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", Pg.DATASOURCE));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  private static long filenode(String index) throws SQLException {
    return TestDatasources.count(url, "SELECT pg_relation_filenode('" + index + "')");
  }

  @Test
  void rebuildsTheIndexWhileAnotherSessionKeepsReading() throws Exception {
    long before = filenode("idx_games_season");
    ReindexParams p = params("public.idx_games_season", "60s");

    try (Reader reader = Reader.start(url, "SELECT count(*) FROM games WHERE season = 2010")) {
      reader.awaitReads(3);
      long readsBefore = reader.reads();
      Outcome outcome = reindex.execute(p);
      reader.awaitReads(readsBefore + 3);

      assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
      assertThat(outcome.detail()).startsWith("rebuilt index public.idx_games_season concurrently");
      assertThat((Long) outcome.data().get("bytes_after"))
          .isLessThan((Long) outcome.data().get("bytes_before"));
      assertThat(filenode("idx_games_season"))
          .isNotEqualTo(before)
          .isEqualTo(outcome.data().get("filenode_after"));
      assertThat(reader.failures()).isEmpty();
    }
    assertThat(reindex.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void aTimeoutLeavesAnInvalidCopyThatIsReportedAndBlocksTheNextRun() throws Exception {
    ReindexParams p = params("idx_teams_name", "2s");
    TestDatasources.execute(url, "INSERT INTO teams VALUES (1, 'lakers')");
    Outcome outcome;
    try (Connection writer = TestDatasources.connect(url);
        Reader reader = Reader.start(url, "SELECT count(*) FROM teams WHERE name = 'lakers'")) {
      writer.setAutoCommit(false);
      try (var s = writer.createStatement()) {
        s.execute("UPDATE teams SET name = 'celtics' WHERE id = 1"); // an open writing transaction
      }
      reader.awaitReads(1);
      long readsBefore = reader.reads();

      outcome = reindex.execute(p);

      assertThat(reader.reads() - readsBefore)
          .as("reads went on while REINDEX waited")
          .isPositive();
      assertThat(reader.failures()).isEmpty();
      writer.rollback();
    }

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail())
        .contains("did not finish within 2s")
        .contains("INVALID index public.idx_teams_name_ccnew")
        .contains("DROP INDEX CONCURRENTLY public.idx_teams_name_ccnew");
    assertThat(reindex.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.UNKNOWN);
    Outcome next = reindex.execute(params("idx_teams_name", "30s"));
    assertThat(next.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(next.detail()).startsWith("table public.teams has an INVALID index");
    TestDatasources.execute(url, "DROP INDEX CONCURRENTLY public.idx_teams_name_ccnew");
    assertThat(reindex.execute(params("idx_teams_name", "30s")).status())
        .isEqualTo(Outcome.Status.DONE);
  }

  @Test
  void refusesWhatItMustNotRebuild() throws Exception {
    Outcome missing = reindex.execute(params("idx_nope", "5s"));
    Outcome table = reindex.execute(params("games", "5s"));
    Outcome foreign = reindex.execute(params("foreign_stuff_pkey", "5s"));
    Outcome catalog = reindex.execute(params("pg_catalog.pg_class_oid_index", "5s"));

    assertThat(missing.detail())
        .isEqualTo("index idx_nope does not exist (or runbookd cannot see it)");
    assertThat(table.detail()).isEqualTo("public.games is not an index (relkind r)");
    assertThat(foreign.detail()).contains("does not own table public.foreign_stuff");
    assertThat(catalog.detail()).contains("is a system index");
    assertThat(List.of(missing, table, foreign, catalog))
        .allMatch(o -> o.status() == Outcome.Status.FAILED);
    assertThat(reindex.recheck(params("idx_nope", "5s"), Instant.now()).status())
        .isEqualTo(Outcome.Status.NOT_NEEDED);
  }

  @Test
  void refusesCraftedNamesAndDeclaresItself() throws Exception {
    assertThat(problems("index", "idx; DROP TABLE games"))
        .singleElement()
        .asString()
        .startsWith("index: ");
    assertThat(problems("index", "idx\" CASCADE")).hasSize(1);
    assertThat(problems("index", "a.b.c")).hasSize(1);
    assertThat(problems("index", "IDX")).hasSize(1);
    assertThat(problems("timeout", "31m")).hasSize(1);
    assertThat(problems("index", "stats.idx_games_season")).isEmpty();
    assertThat(reindex.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(reindex.retrySafe()).isFalse();
    assertThat(reindex.target(params("idx_games_season", "5s")).key())
        .isEqualTo("sql:nba_stats:index/idx_games_season");
  }

  private static List<String> problems(String key, Object value) {
    Map<String, Object> raw = raw("index", "idx_games_season");
    raw.put(key, value);
    return ParamBinder.problems(reindex.info().params(), raw);
  }

  /** Another session reading in a loop, each read bounded by a 2 s statement timeout. */
  private static final class Reader implements AutoCloseable {
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong reads =
        new java.util.concurrent.atomic.AtomicLong();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stop;

    private Reader(String url, String sql) {
      thread = new Thread(() -> loop(url, sql), "test-reader");
    }

    static Reader start(String url, String sql) {
      Reader r = new Reader(url, sql);
      r.thread.start();
      return r;
    }

    private void loop(String url, String sql) {
      try (Connection c = TestDatasources.connect(url);
          var s = c.createStatement()) {
        s.execute("SET statement_timeout = '2s'");
        for (int i = 0; i < 100_000 && !stop; i++) {
          s.executeQuery(sql).close();
          reads.incrementAndGet();
          Thread.sleep(5);
        }
      } catch (SQLException | InterruptedException e) {
        failures.add(String.valueOf(e.getMessage()));
      }
    }

    long reads() {
      return reads.get();
    }

    List<String> failures() {
      return failures;
    }

    void awaitReads(long n) {
      await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() >= n || !failures.isEmpty());
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
