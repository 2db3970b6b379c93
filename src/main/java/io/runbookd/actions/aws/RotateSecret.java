package io.runbookd.actions.aws;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Target;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.aws.AwsNames;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;

/**
 * RB-201's {@code rotate_secrets.py}, for one secret and only through the rotation its owners set
 * up: Secrets Manager RotateSecret with the secret's own rotation function and schedule. A secret
 * without rotation configured is refused with that reason (runbookd never writes a value); one
 * rotated within {@code unless_rotated_within} is NOT_NEEDED; one whose rotation is under way is
 * retried later. PERMANENT (the default): the old value stops being current, so a human approves
 * it. Not retry-safe: a second call would start a second rotation.
 */
public final class RotateSecret implements Action<RotateSecretParams> {
  static final String DESCRIBE = "Secrets Manager DescribeSecret";
  static final String ROTATE = "Secrets Manager RotateSecret";
  static final Duration DEFAULT_WITHIN = Duration.ofDays(1);

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.rotate_secret",
          "Starts the configured rotation of one Secrets Manager secret (refused when none is"
              + " configured); waits for approval.",
          "- id: rotate\n  action: aws.rotate_secret\n" + "  params: {secret: nba-mcp/db-password}",
          List.of(
              Param.required(
                  "secret",
                  ParamType.STRING,
                  "the secret's name or ARN, e.g. nba-mcp/db-password",
                  AwsNames.SECRET),
              Param.optional(
                  "unless_rotated_within",
                  ParamType.DURATION,
                  "nothing to do when it was rotated more recently than this (default 1d)",
                  value ->
                      ((Duration) value).compareTo(Duration.ofDays(365)) <= 0
                          ? Optional.empty()
                          : Optional.of("must be at most 365d"))),
          List.of(
              "IAM: secretsmanager:DescribeSecret, secretsmanager:RotateSecret on"
                  + " arn:aws:secretsmanager:*:*:secret:{secret}-*",
              "IAM: lambda:InvokeFunction on arn:aws:lambda:*:*:function:*"));

  private final AwsClients clients;
  private final Clock clock;

  public RotateSecret(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public RotateSecretParams bind(Params params) {
    return new RotateSecretParams(
        params.string("secret"), params.duration("unless_rotated_within", DEFAULT_WITHIN));
  }

  @Override
  public Target target(RotateSecretParams p) {
    return new Target("aws:secretsmanager", "secret/" + p.secret(), Optional.empty());
  }

  @Override
  public String describe(RotateSecretParams p) {
    return "rotate secret " + p.secret() + " with its configured rotation";
  }

  @Override
  public Outcome execute(RotateSecretParams p) throws Exception {
    SecretRotation now = SecretRotation.of(describe(p.secret()));
    Optional<Outcome> refused = now.refusal(p.secret(), clock.instant(), p.unlessRotatedWithin());
    if (refused.isPresent()) {
      return refused.get();
    }
    RotateSecretResponse answer;
    try {
      answer = clients.secretsManager().rotateSecret(r -> r.secretId(p.secret()));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(ROTATE, e);
    }
    String version = answer.versionId() == null ? "" : answer.versionId();
    return Outcome.done(
        "started the rotation of secret " + p.secret() + " (new version " + version + ")",
        Map.of("secret", p.secret(), "version", version));
  }

  private DescribeSecretResponse describe(String secret) throws Exception {
    try {
      return clients.secretsManager().describeSecret(r -> r.secretId(secret));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(DESCRIBE, e);
    }
  }

  /**
   * DONE when the secret was rotated since {@code startedAt}, UNKNOWN while a rotation is under way
   * (ours or another), NOT_APPLIED otherwise.
   */
  @Override
  public Outcome recheck(RotateSecretParams p, Instant startedAt) throws Exception {
    SecretRotation now = SecretRotation.of(describe(p.secret()));
    if (now.lastRotated().map(t -> !t.isBefore(startedAt)).orElse(false)) {
      return Outcome.done("secret " + p.secret() + " was rotated at " + now.lastRotated().get());
    }
    return now.pending()
        ? Outcome.unknown("a rotation of secret " + p.secret() + " is under way")
        : Outcome.notApplied("secret " + p.secret() + " was not rotated since " + startedAt);
  }

  @Override
  public boolean retrySafe() {
    return false;
  }
}
