package io.runbookd.silence;

import io.runbookd.store.SilenceRow;
import io.runbookd.store.SilenceRow.State;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass from the silences that exist to those wanted: silences that ended by themselves are
 * recorded, wanted ones are created or renewed (a new silence, then the old one lifted), and every
 * other one is lifted with the reason its incident gives.
 */
final class Convergence {
  private final SilenceCalls calls;

  Convergence(SilenceCalls calls) {
    this.calls = calls;
  }

  void converge(List<SilenceRow> live, List<Wanted> wanted, Set<String> rulesAsking, Instant now)
      throws InterruptedException {
    Set<String> wantedSpecs = wanted.stream().map(Wanted::spec).collect(Collectors.toSet());
    Set<String> wantedAlerts = wanted.stream().map(w -> w.incident().id() + " " + w.matchers().hash())
        .collect(Collectors.toSet());
    Map<String, List<SilenceRow>> bySpec = new HashMap<>();
    List<SilenceRow> unwanted = new ArrayList<>();
    for (SilenceRow row : live) {
      if (row.state() != State.PLANNED && !row.endsAt().isAfter(now)) {
        calls.ended(row);
      } else if (row.state() == State.EXPIRING && wantedSpecs.contains(row.spec())) {
        calls.lift(row, "replaced by a longer silence");
      } else if (row.state() == State.EXPIRING || !wantedSpecs.contains(row.spec())) {
        unwanted.add(row);
      } else {
        bySpec.computeIfAbsent(row.spec(), k -> new ArrayList<>()).add(row);
      }
    }
    for (Wanted w : wanted) {
      keep(w, bySpec.getOrDefault(w.spec(), List.of()), now);
    }
    for (SilenceRow row : unwanted) {
      boolean asks = row.ruleId().filter(rulesAsking::contains).isPresent();
      calls.lift(row, Lines.reason(row, asks, wantedAlerts.contains(row.incidentId() + " " + row.matchersHash())));
    }
  }

  /**
   * Creates the wanted silence unless one is pending or lasts long enough, then lifts the ones the
   * longest-lasting silence replaces.
   */
  private void keep(Wanted w, List<SilenceRow> rows, Instant now) throws InterruptedException {
    if (w.dryRun()) {
      if (rows.isEmpty()) {
        calls.plan(w);
      }
      return;
    }
    List<SilenceRow> active = rows.stream().filter(r -> r.state() == State.ACTIVE)
        .sorted(Comparator.comparing(SilenceRow::endsAt).reversed()).toList();
    boolean covered = !active.isEmpty() && !active.get(0).endsAt().isBefore(w.coverUntil());
    boolean pending = rows.stream().anyMatch(r -> r.state() == State.CREATING);
    Optional<String> created = Optional.empty();
    if (!covered && !pending && w.endsAt().isAfter(now.plus(Wishes.LEAST))) {
      created = calls.create(w);
    }
    if (created.isPresent()) {
      lift(active, "replaced by silence " + created.get() + " until " + seconds(w.endsAt()));
    } else if (covered) {
      lift(active.subList(1, active.size()),
          "replaced by silence " + active.get(0).silenceId().orElse("?") + " until " + seconds(active.get(0).endsAt()));
    }
  }

  private static Instant seconds(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS);
  }

  private void lift(List<SilenceRow> rows, String reason) throws InterruptedException {
    for (SilenceRow row : rows) {
      calls.lift(row, reason);
    }
  }
}
