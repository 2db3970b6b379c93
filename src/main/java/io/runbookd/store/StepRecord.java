package io.runbookd.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One engine step as stored. A mutating step is written with status {@code started} (and what
 * undoing it needs) before it runs and completed after; a {@code started} step with no finish
 * is one whose outcome a crash lost.
 *
 * @param key e.g. {@code diagnose:pods}, {@code remediate:restart}, {@code undo:restart}
 * @param params the resolved parameters, JSON
 * @param result the step's data, JSON
 * @param undo what taking the step back needs (parameters and earlier state), JSON
 */
public record StepRecord(
    String key,
    String status,
    Optional<String> params,
    Optional<String> result,
    Optional<String> detail,
    Optional<String> undo,
    Instant startedAt,
    Optional<Instant> finishedAt) {

  public static final String STARTED = "started";

  public boolean unfinished() {
    return finishedAt.isEmpty();
  }
}
