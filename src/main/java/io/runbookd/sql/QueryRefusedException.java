package io.runbookd.sql;

import io.runbookd.plugin.RefusedException;

/**
 * The database answered that the query cannot succeed as written or as allowed: it tried to write
 * in a read-only transaction, names something that does not exist, lacks a privilege, or got a
 * value it cannot use. Retrying changes nothing, and the database is not down.
 */
public final class QueryRefusedException extends RefusedException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;

  public QueryRefusedException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  /** The SQLSTATE the database answered with, e.g. {@code 25006} for a write. */
  public String sqlState() {
    return sqlState;
  }
}
