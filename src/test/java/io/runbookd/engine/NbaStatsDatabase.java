package io.runbookd.engine;

import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real {@code nba_stats} on the embedded PostgreSQL for RB-201: {@code games} with an index of
 * about 15 MiB of which nine tenths are dead entries (nine rows in ten deleted, then analyzed but
 * not vacuumed), so VACUUM has dead rows to clean and the index is over RB-201's bloat threshold.
 */
public final class NbaStatsDatabase {
  static final String INDEX = "idx_games_id";

  public final String url;

  private NbaStatsDatabase(String url) {
    this.url = url;
  }

  public static NbaStatsDatabase bloated() throws SQLException {
    NbaStatsDatabase db = new NbaStatsDatabase(Postgres.newDatabase());
    TestDatasources.execute(db.url,
        "CREATE TABLE games (id int, season int)",
        "INSERT INTO games SELECT g, 2000 + g % 25 FROM generate_series(1, 700000) g",
        "CREATE INDEX " + INDEX + " ON games (id)",
        "DELETE FROM games WHERE id % 10 <> 0",
        "ANALYZE games");
    return db;
  }

  /** A small, clean database: nothing bloated. */
  static NbaStatsDatabase small() throws SQLException {
    NbaStatsDatabase db = new NbaStatsDatabase(Postgres.newDatabase());
    TestDatasources.execute(db.url, "CREATE TABLE games (id int, season int)",
        "INSERT INTO games SELECT g, 2000 + g % 25 FROM generate_series(1, 100) g",
        "CREATE INDEX " + INDEX + " ON games (id)", "VACUUM ANALYZE games");
    return db;
  }

  /** A counter of {@code games} in pg_stat_user_tables, e.g. vacuum_count or n_dead_tup. */
  long games(String column) throws SQLException {
    return TestDatasources.count(url, "SELECT " + column + " FROM pg_stat_user_tables WHERE relname = 'games'");
  }

  long indexFilenode() throws SQLException {
    return TestDatasources.count(url, "SELECT pg_relation_filenode('" + INDEX + "')");
  }

  long indexBytes() throws SQLException {
    return TestDatasources.count(url, "SELECT pg_relation_size('" + INDEX + "')");
  }

  /** The application: another session reading games through the index in a loop. */
  Reader reader() {
    return new Reader(url);
  }

  /** Reads in a loop, each bounded by a 2 s statement timeout, until closed (at most 100,000). */
  static final class Reader implements AutoCloseable {
    private final AtomicLong reads = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    private Reader(String url) {
      thread = new Thread(() -> loop(url), "nba-stats-reader");
      thread.start();
    }

    private void loop(String url) {
      try (Connection c = TestDatasources.connect(url);
          var s = c.createStatement()) {
        s.execute("SET statement_timeout = '2s'");
        for (int i = 0; i < 100_000 && !stop; i++) {
          s.executeQuery("SELECT count(*) FROM games WHERE id BETWEEN 1000 AND 5000").close();
          reads.incrementAndGet();
          Thread.sleep(5);
        }
      } catch (SQLException e) {
        failures.add(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    long reads() {
      return reads.get();
    }

    List<String> failures() {
      return List.copyOf(failures);
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
