package io.runbookd.store;

/**
 * Keeps the embedded file bounded: gives the pages retention freed back to the file system
 * (incremental vacuum) and folds the WAL into the database and truncates it. Runs on the
 * writer's connection between two batches; PostgreSQL vacuums itself.
 */
public final class Compaction {
  /** Pages freed per pass: about 4 MiB, a few milliseconds of writer time. */
  private static final int PAGES_PER_PASS = 1_000;

  private final Store store;

  public Compaction(Store store) {
    this.store = store;
  }

  /** One pass; a no-op on PostgreSQL. */
  public void run() {
    if (store.dialect() != Dialect.SQLITE) {
      return;
    }
    store.alone(tx -> {
      try (var st = tx.c().createStatement()) {
        // Run to completion: a plain execute would take one step and free a single page.
        st.executeUpdate("PRAGMA incremental_vacuum(" + PAGES_PER_PASS + ")");
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      return null;
    });
  }
}
