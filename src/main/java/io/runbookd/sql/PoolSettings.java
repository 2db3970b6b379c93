package io.runbookd.sql;

import java.time.Duration;

/**
 * How the pools of the probed databases are sized and bounded. Small on purpose: a database in
 * trouble (pool exhaustion is one of the runbooks) must not lose many connections to its diagnosis.
 *
 * @param maxSize connections per datasource
 * @param connectionTimeout how long to wait for a connection, from the pool or a new one
 * @param socketTimeout how long a read on the socket may block: the bound on a hung server, which
 *     interrupting the calling thread does not end; above {@link SqlReader#MAX_TIMEOUT}
 */
public record PoolSettings(int maxSize, Duration connectionTimeout, Duration socketTimeout) {
  public static final PoolSettings DEFAULTS =
      new PoolSettings(2, Duration.ofSeconds(5), Duration.ofSeconds(30));

  public PoolSettings {
    if (maxSize < 1 || connectionTimeout.toMillis() < 250 || socketTimeout.getSeconds() < 1) {
      throw new IllegalArgumentException("pool settings out of range");
    }
  }
}
