package io.runbookd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * How the store connects. SQLite: WAL, {@code synchronous=FULL} (a commit returns after its WAL
 * frames reached the disk), a busy timeout, incremental vacuum; the writer's transactions start
 * IMMEDIATE so they never upgrade a read lock. PostgreSQL: the configured URL and credentials.
 */
final class Connections {
  private static final int BUSY_TIMEOUT_MILLIS = 5_000;

  private final RunbookdConfig.Store config;
  private final Dialect dialect;

  Connections(RunbookdConfig.Store config, Dialect dialect) {
    this.config = config;
    this.dialect = dialect;
  }

  /**
   * A pool. The writer's connection never leaves a transaction (autocommit off); SQLite's
   * transactions start DEFERRED, so between two batches it holds no lock that would keep a
   * checkpoint or a reader waiting.
   */
  HikariDataSource pool(String name, int size, boolean writer) {
    HikariConfig hikari = Store.hikari(name, size);
    hikari.setAutoCommit(!writer);
    if (dialect == Dialect.SQLITE) {
      SQLiteDataSource ds = new SQLiteDataSource(sqliteConfig(writer));
      ds.setUrl(config.url());
      hikari.setDataSource(ds);
    } else {
      hikari.setJdbcUrl(config.url());
      config.user().ifPresent(hikari::setUsername);
      config.password().ifPresent(p -> hikari.setPassword(p.reveal()));
    }
    return new HikariDataSource(hikari);
  }

  private static SQLiteConfig sqliteConfig(boolean writer) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    c.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return c;
  }

  /**
   * Before migrating: on SQLite, creates the file's directory, turns on incremental vacuum while
   * the file is still empty (it cannot be turned on later without a full VACUUM), and checks
   * that an existing file is an intact database.
   */
  void prepare(HikariDataSource maintenance) throws SQLException {
    if (dialect != Dialect.SQLITE) {
      return;
    }
    file().map(Path::getParent).ifPresent(Connections::createDirectory);
    try (Connection c = maintenance.getConnection(); var st = c.createStatement()) {
      if (Sql.count(c, "SELECT COUNT(*) FROM sqlite_master") == 0) {
        // WAL mode already wrote the header: the vacuum of the empty file applies the setting.
        st.execute("PRAGMA auto_vacuum = INCREMENTAL");
        st.execute("VACUUM");
      }
      List<String> check = Sql.list(c, "PRAGMA quick_check(3)", rs -> rs.getString(1));
      if (!check.equals(List.of("ok"))) {
        throw new StoreException(damaged(String.join("; ", check)));
      }
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the store's directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The SQLite file, when the URL names one. */
  java.util.Optional<Path> file() {
    String rest = config.url().substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    String name = query < 0 ? rest : rest.substring(0, query);
    return name.isEmpty() || name.equals(":memory:") || name.startsWith("file::memory:")
        ? java.util.Optional.empty() : java.util.Optional.of(Path.of(name.replaceFirst("^file:", "")));
  }

  String location() {
    if (dialect == Dialect.SQLITE) {
      return file().map(Path::toString).orElse(":memory:");
    }
    String url = config.url().substring("jdbc:postgresql://".length());
    int query = url.indexOf('?');
    return "postgresql://" + (query < 0 ? url : url.substring(0, query));
  }

  /** Why the store could not open, in words that say what to do. */
  StoreException openFailure(Exception e) {
    if (e instanceof StoreException s) {
      return s;
    }
    String kind = StoreFaults.kind(e);
    if (kind.equals("damaged")) {
      return new StoreException(damaged(StoreFaults.describe(e)), e);
    }
    return new StoreException("cannot open the store at " + location() + ": " + StoreFaults.describe(e), e);
  }

  private String damaged(String why) {
    return "the store file " + location() + " is damaged (" + why + "). Stop runbookd, move the file"
        + " (and its -wal and -shm files) aside, then restore the last backup or start with an empty"
        + " store; docs/operations.md says how to back up and restore.";
  }
}
