package io.runbookd.probes;

import io.runbookd.plugin.Plugin;

/**
 * A diagnosis step. Contract: a probe only reads; it never changes anything on any system, so
 * it is always safe to retry and always runs, in every mode. It blocks (JDBC, HTTP, the
 * Kubernetes API): the engine calls it on a worker pool, behind a timeout, a bulkhead and a
 * circuit breaker for {@link #system}.
 *
 * @param <P> the probe's parameters record
 */
public interface Probe<P> extends Plugin<P> {

  /** The target system the call goes to, e.g. {@code kubernetes} or {@code sql:nba_stats}. */
  String system(P params);

  /** Reads and reports. Throws when the system cannot answer; the engine records why. */
  Finding run(P params) throws Exception;
}
