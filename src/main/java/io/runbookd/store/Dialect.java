package io.runbookd.store;

/**
 * The two stores runbookd runs on. Both have the same schema (times are epoch milliseconds) and
 * nearly every statement is the same text; what differs is listed here.
 */
public enum Dialect {
  /** The embedded default: one file, one writer (this process), readers beside it (WAL). */
  SQLITE,
  /** Production and several replicas: row locks arbitrate between processes. */
  POSTGRES;

  public static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : SQLITE;
  }

  /** Where this store's migrations live. */
  String migrations() {
    return this == POSTGRES ? "classpath:db/postgresql" : "classpath:db/sqlite";
  }

  /**
   * Locks the rows a SELECT read until commit. Other processes may write to PostgreSQL at the
   * same time; SQLite has one writer, this process's, so its transactions are serial already.
   */
  String forUpdate() {
    return this == POSTGRES ? " FOR UPDATE" : "";
  }
}
