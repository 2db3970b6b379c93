package io.runbookd.store;

import java.sql.Connection;
import java.time.Instant;

/**
 * One transaction of the store's writer. Store classes take it to compose their writes into
 * one commit (a status change, its timeline line and its pages commit together); nothing
 * outside this package sees the connection behind it.
 */
public final class Tx {
  private final Connection connection;
  private final Dialect dialect;
  private final Instant now;

  Tx(Connection connection, Dialect dialect, Instant now) {
    this.connection = connection;
    this.dialect = dialect;
    this.now = now;
  }

  Connection c() {
    return connection;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The store clock's time when the batch holding this write began. */
  public Instant now() {
    return now;
  }
}
