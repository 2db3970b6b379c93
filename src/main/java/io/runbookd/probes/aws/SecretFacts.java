package io.runbookd.probes.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * One secret's metadata as ListSecrets gives it, and its age: since the newest of its last rotation
 * and last change, else its creation. ListSecrets carries no per-value date, and a change of
 * description or tags also moves {@code LastChangedDate}, so the age can be understated, never
 * overstated.
 */
record SecretFacts(
    String name,
    String arn,
    Optional<Instant> lastRotated,
    Optional<Instant> lastChanged,
    Optional<Instant> created,
    boolean rotationEnabled) {

  static SecretFacts of(SecretListEntry e) {
    return new SecretFacts(
        e.name(),
        e.arn(),
        Optional.ofNullable(e.lastRotatedDate()),
        Optional.ofNullable(e.lastChangedDate()),
        Optional.ofNullable(e.createdDate()),
        Boolean.TRUE.equals(e.rotationEnabled()));
  }

  /** When the value may last have changed; empty when AWS gave no date at all. */
  Optional<Instant> since() {
    Optional<Instant> newest =
        Stream.of(lastRotated, lastChanged).flatMap(Optional::stream).max(Instant::compareTo);
    return newest.isPresent() ? newest : created;
  }

  long ageDays(Instant now) {
    return since().map(t -> Duration.between(t, now).toDays()).orElse(Long.MAX_VALUE);
  }

  Map<String, Object> toData(Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("arn", arn);
    m.put("age_days", since().map(t -> Duration.between(t, now).toDays()).orElse(-1L));
    lastRotated.ifPresent(t -> m.put("last_rotated", t.toString()));
    lastChanged.ifPresent(t -> m.put("last_changed", t.toString()));
    created.ifPresent(t -> m.put("created", t.toString()));
    m.put("rotation_enabled", rotationEnabled);
    return m;
  }
}
