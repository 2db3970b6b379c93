package io.runbookd.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One engine step as stored: written with status {@code started} before the step runs and
 * completed after. A {@code started} step with no finish is one whose outcome a crash lost.
 *
 * @param key e.g. {@code diagnose:pods}, {@code remediate:restart}, {@code verify}
 * @param params the resolved parameters, JSON
 * @param result the step's data, JSON
 */
public record StepRecord(
    String key,
    String status,
    Optional<String> params,
    Optional<String> result,
    Optional<String> detail,
    Instant startedAt,
    Optional<Instant> finishedAt) {

  public static final String STARTED = "started";

  public boolean unfinished() {
    return finishedAt.isEmpty();
  }
}
