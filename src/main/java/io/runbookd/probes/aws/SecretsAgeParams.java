package io.runbookd.probes.aws;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code aws.secrets_age} lists: the Secrets Manager secrets (of those whose name starts with
 * {@code namePrefix}, when given) whose value may be older than {@code maxAgeDays}.
 */
public record SecretsAgeParams(long maxAgeDays, Optional<String> namePrefix) {
  public SecretsAgeParams {
    Objects.requireNonNull(namePrefix);
  }
}
