package io.runbookd.silence;

import io.runbookd.store.SilenceCandidate;
import java.time.Instant;

/**
 * One silence that should exist now.
 *
 * @param alertmanager the Alertmanager's display URL, or {@link Wishes#DRY_RUN} when the silence
 *     is only to be recorded
 * @param endsAt the end to give a new silence
 * @param coverUntil an existing silence that ends before this is renewed
 */
record Wanted(SilenceCandidate incident, String alertmanager, Matchers matchers, Instant endsAt, Instant coverUntil) {

  String spec() {
    return incident.id() + " " + alertmanager + " " + matchers.hash();
  }

  boolean dryRun() {
    return alertmanager.equals(Wishes.DRY_RUN);
  }
}
