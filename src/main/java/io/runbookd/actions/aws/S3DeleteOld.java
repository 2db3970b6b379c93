package io.runbookd.actions.aws;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.aws.S3OldObjects;
import io.runbookd.aws.S3Selection;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * RB-201's {@code aws s3 rm s3://nba-mcp-logs/ --recursive} with a retention instead of a month's
 * pattern: lists the objects under the prefix older than {@code older_than}, then deletes them with
 * DeleteObjects, at most 1,000 keys a request and {@code max_objects} a run. Only keys the listing
 * returned under the prefix are ever sent. Retry-safe: deleting a deleted key succeeds. PERMANENT,
 * as the project's default holds: on an unversioned bucket a deleted object is gone (on a versioned
 * one it becomes a delete marker, but runbookd cannot see the bucket's versioning or lifecycle, so
 * it does not count on that). Every run waits for approval; a retention nobody should approve
 * weekly belongs in an S3 lifecycle rule.
 */
public final class S3DeleteOld implements Action<S3Selection> {
  static final String DELETE = "S3 DeleteObjects";
  static final int BATCH = 1000;
  private static final int KEYS_SHOWN = 10;

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.s3_delete_old",
          "Deletes the S3 objects under a prefix older than a retention (DeleteObjects batches,"
              + " capped per run); cannot be undone, so it waits for approval.",
          "- id: clean_logs\n"
              + "  action: aws.s3_delete_old\n"
              + "  params: {bucket: nba-mcp-logs, prefix: \"\", older_than: 30d, max_objects:"
              + " 5000}",
          S3Selection.params("most objects deleted per run"),
          List.of(
              "IAM: s3:ListBucket on arn:aws:s3:::{bucket}",
              "IAM: s3:DeleteObject on arn:aws:s3:::{bucket}/{prefix}*"));

  private final AwsClients clients;
  private final Clock clock;

  public S3DeleteOld(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public S3Selection bind(Params params) {
    return S3Selection.bind(params);
  }

  @Override
  public Target target(S3Selection s) {
    return new Target(S3Selection.SYSTEM, s.url(), Optional.empty());
  }

  @Override
  public String describe(S3Selection s) {
    return "delete up to "
        + s.max()
        + " objects under "
        + s.url()
        + " older than "
        + s.olderThan().toDays()
        + "d";
  }

  @Override
  public Outcome execute(S3Selection s) throws Exception {
    S3OldObjects old = S3OldObjects.list(clients.s3(), s, cutoff(s), s.max());
    if (old.objects().isEmpty()) {
      return Outcome.notNeeded(
          "no objects under " + s.url() + " older than " + s.olderThan().toDays() + "d");
    }
    List<String> deleted = new ArrayList<>();
    List<S3Error> errors = new ArrayList<>();
    for (int from = 0; from < old.objects().size(); from += BATCH) {
      List<S3Object> batch =
          old.objects().subList(from, Math.min(from + BATCH, old.objects().size()));
      DeleteObjectsResponse answer = delete(s, batch);
      errors.addAll(answer.errors());
      batch.stream()
          .map(S3Object::key)
          .filter(k -> answer.errors().stream().noneMatch(e -> k.equals(e.key())))
          .forEach(deleted::add);
    }
    return outcome(s, old, deleted, errors);
  }

  /** Quiet mode: S3 answers only the keys it could not delete. */
  private DeleteObjectsResponse delete(S3Selection s, List<S3Object> batch) throws Exception {
    List<ObjectIdentifier> keys =
        batch.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
    try {
      return clients
          .s3()
          .deleteObjects(r -> r.bucket(s.bucket()).delete(d -> d.objects(keys).quiet(true)));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(DELETE, e);
    }
  }

  private static Outcome outcome(
      S3Selection s, S3OldObjects old, List<String> deleted, List<S3Error> errors) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("deleted", (long) deleted.size());
    data.put("keys", deleted.stream().limit(KEYS_SHOWN).toList());
    data.put("errors", (long) errors.size());
    data.put("more_remain", old.more());
    String errorText =
        errors.isEmpty()
            ? ""
            : "; "
                + errors.size()
                + " not deleted ("
                + Checks.clip(errors.get(0).code())
                + " on "
                + Checks.clip(errors.get(0).key())
                + ")";
    String detail =
        "deleted "
            + deleted.size()
            + " objects under "
            + s.url()
            + " older than "
            + s.olderThan().toDays()
            + "d"
            + (deleted.isEmpty()
                ? ""
                : ": "
                    + String.join(", ", deleted.stream().limit(3).map(Checks::clip).toList())
                    + (deleted.size() > 3 ? ", …" : ""))
            + errorText
            + (old.more() ? "; more remain beyond the cap of " + s.max() : "");
    return deleted.isEmpty() ? Outcome.failed(detail) : Outcome.done(detail, data);
  }

  /** DONE when no object older than the retention is left under the prefix, else NOT_APPLIED. */
  @Override
  public Outcome recheck(S3Selection s, Instant startedAt) throws Exception {
    S3OldObjects left = S3OldObjects.list(clients.s3(), s, cutoff(s), 1);
    return left.objects().isEmpty()
        ? Outcome.done(
            "no objects under " + s.url() + " older than " + s.olderThan().toDays() + "d")
        : Outcome.notApplied(
            "objects older than " + s.olderThan().toDays() + "d remain under " + s.url());
  }

  private Instant cutoff(S3Selection s) {
    return clock.instant().minus(s.olderThan());
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.PERMANENT;
  }
}
