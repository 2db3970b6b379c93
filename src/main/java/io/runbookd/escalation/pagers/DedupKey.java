package io.runbookd.escalation.pagers;

import java.util.Optional;

/** Checks a page's dedup key against a service's limit before anything is sent. */
final class DedupKey {
  private DedupKey() {}

  /**
   * Why the key cannot be used, if it cannot. Never cut to fit: a cut key would tie a resolve to
   * the wrong incident, so a bad key is the engine's bug to see, as a REJECTED page.
   */
  static Optional<String> problem(String key, int max) {
    if (key == null || key.isBlank()) {
      return Optional.of("the page has no dedup key");
    }
    if (key.length() > max) {
      return Optional.of("the dedup key has " + key.length() + " characters, at most " + max);
    }
    return Optional.empty();
  }
}
