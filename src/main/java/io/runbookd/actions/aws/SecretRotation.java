package io.runbookd.actions.aws;

import io.runbookd.actions.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

/**
 * What DescribeSecret says about a secret's rotation (metadata only): whether it is configured,
 * when it last ran (Lambda or managed rotation alike), and whether one is under way (a version
 * staged {@code AWSPENDING} that is not also {@code AWSCURRENT}).
 */
record SecretRotation(
    boolean enabled, Optional<Instant> lastRotated, boolean pending, boolean deleted) {

  static SecretRotation of(DescribeSecretResponse d) {
    Map<String, List<String>> stages = d.versionIdsToStages();
    boolean pending =
        stages != null
            && stages.values().stream()
                .anyMatch(s -> s.contains("AWSPENDING") && !s.contains("AWSCURRENT"));
    return new SecretRotation(
        Boolean.TRUE.equals(d.rotationEnabled()),
        Optional.ofNullable(d.lastRotatedDate()),
        pending,
        d.deletedDate() != null);
  }

  /** Why not to rotate now, as the outcome; empty when rotating is in order. */
  Optional<Outcome> refusal(String secret, Instant now, Duration within) {
    if (deleted) {
      return Optional.of(Outcome.failed("secret " + secret + " is scheduled for deletion"));
    }
    if (!enabled) {
      return Optional.of(
          Outcome.failed(
              "secret "
                  + secret
                  + " has no rotation configured; runbookd only starts a rotation its owners set"
                  + " up (configure rotation, or rotate it by hand)"));
    }
    if (pending) {
      return Optional.of(
          new Outcome(
              Outcome.Status.RETRY_LATER,
              "a rotation of secret " + secret + " is already under way",
              Map.of()));
    }
    if (lastRotated.map(t -> t.isAfter(now.minus(within))).orElse(false)) {
      return Optional.of(
          Outcome.notNeeded("secret " + secret + " was rotated at " + lastRotated.get()));
    }
    return Optional.empty();
  }
}
