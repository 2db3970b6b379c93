package io.runbookd.silence;

import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Rule;
import io.runbookd.rules.Silence;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.SilenceCandidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which silences should exist now: for every incident runbookd works on whose rule asks, one per
 * firing alert (label set) and Alertmanager, until the end of the verification window (renewed
 * while the work goes on) or the rule's fixed length. Outside {@code enforce} (the daemon's mode
 * or the rule's stricter one) they are only recorded, once per label set.
 */
final class Wishes {
  static final String DRY_RUN = "dry-run";
  /** A silence that ends sooner than this after it is made is not worth making. */
  static final Duration LEAST = Duration.ofMinutes(1);

  private final Mode mode;
  private final List<String> alertmanagers;

  Wishes(Mode mode, List<String> alertmanagers) {
    this.mode = mode;
    this.alertmanagers = List.copyOf(alertmanagers);
  }

  /** Whether runbookd would create silences but has no Alertmanager to create them in. */
  boolean unconfigured() {
    return mode == Mode.ENFORCE && alertmanagers.isEmpty();
  }

  List<Wanted> of(List<SilenceCandidate> incidents, Map<String, Rule> asking, Instant now) {
    List<Wanted> out = new ArrayList<>();
    for (SilenceCandidate incident : incidents) {
      Rule rule = asking.get(incident.ruleId());
      Optional<Silence> silence = rule == null ? Optional.empty() : rule.silence();
      if (silence.isEmpty()) {
        continue;
      }
      Optional<Window> window = window(silence.get(), rule, incident, now);
      if (window.isEmpty()) {
        continue;
      }
      for (Map<String, String> labels : incident.labelSets()) {
        for (String am : targets(rule)) {
          out.add(new Wanted(incident, am, Matchers.of(labels), window.get().end(), window.get().cover()));
        }
      }
    }
    return out;
  }

  private List<String> targets(Rule rule) {
    Mode effective = mode.strictest(rule.steps().mode().orElse(Mode.ENFORCE));
    return effective == Mode.ENFORCE ? alertmanagers : List.of(DRY_RUN);
  }

  /** Until when a new silence lasts, and until when an existing one must last to be kept. */
  private record Window(Instant end, Instant cover) {}

  /** Empty when a fixed-length silence is over. */
  private static Optional<Window> window(Silence silence, Rule rule, SilenceCandidate incident, Instant now) {
    if (silence.length().isPresent()) {
      Instant end = incident.createdAt().plus(silence.length().get());
      return now.isBefore(end) ? Optional.of(new Window(end, end)) : Optional.empty();
    }
    if (incident.status() == IncidentStatus.VERIFYING && incident.verifyDeadline().isPresent()) {
      Instant deadline = incident.verifyDeadline().get();
      Instant end = deadline.isAfter(now.plus(LEAST)) ? deadline : now.plus(LEAST);
      return Optional.of(new Window(end, deadline));
    }
    Duration reach = rule.steps().verify().map(VerifyStep::within).orElse(Silence.DEFAULT_WINDOW);
    return Optional.of(new Window(now.plus(reach), now.plus(reach.dividedBy(2))));
  }
}
