package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.actions.Outcome;
import io.runbookd.plugin.Checks;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The read-modify-write loop of the Kubernetes actions and what API errors mean for an outcome. A
 * 409 means the object changed between our read and our write: read again and retry, a few times.
 * Answers that retrying cannot fix become FAILED with the reason; anything else (5xx, timeouts) is
 * thrown so the engine's retry policy and circuit breaker see it.
 */
final class Writes {
  static final int ATTEMPTS = 3;

  private Writes() {}

  static Outcome retryLater(String detail) {
    return new Outcome(Outcome.Status.RETRY_LATER, detail, Map.of());
  }

  static Outcome withConflictRetry(String what, Callable<Outcome> attempt) throws Exception {
    for (int i = 1; ; i++) {
      try {
        return attempt.call();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          return failure(what, e);
        }
        if (i == ATTEMPTS) {
          return retryLater(
              what + " changed during each of " + ATTEMPTS + " attempts (409 Conflict)");
        }
      }
    }
  }

  /** FAILED with the reason for answers retrying cannot fix; anything else is thrown. */
  static Outcome failure(String what, KubernetesClientException e) {
    String reason =
        switch (e.getCode()) {
          case 401 -> "unauthorized: the API server rejected runbookd's credentials";
          case 403 -> "forbidden: runbookd's Kubernetes identity lacks the permission";
          case 404 -> "not found";
          case 400, 415, 422 -> "rejected by the API server";
          default -> throw e;
        };
    String message = e.getStatus() == null ? "" : e.getStatus().getMessage();
    return Outcome.failed(
        what
            + ": "
            + reason
            + (message == null || message.isEmpty() ? "" : " (" + Checks.clip(message) + ")"));
  }
}
