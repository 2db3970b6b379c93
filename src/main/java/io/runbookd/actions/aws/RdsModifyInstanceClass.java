package io.runbookd.actions.aws;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Target;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * RB-102's {@code aws rds modify-db-instance --db-instance-class … --apply-immediately}: resizes an
 * RDS instance. Without {@code apply_immediately} the change waits for the maintenance window; with
 * it, the instance restarts now (an outage on a single-AZ instance). There is no simple way back,
 * so it is {@code PERMANENT} (the default): it always waits for a human's approval. The previous class is recorded for whoever sizes it back down.
 */
public final class RdsModifyInstanceClass implements Action<RdsModifyParams> {
  static final String MODIFY = "RDS ModifyDBInstance";
  private static final Pattern INSTANCE = Pattern.compile("[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}");
  private static final Pattern CLASS = Pattern.compile("db(\\.[a-z0-9]+){2,4}");

  static final Param INSTANCE_PARAM =
      Param.required(
          "instance",
          ParamType.STRING,
          "the DB instance identifier, e.g. nba-mcp-prod",
          value ->
              matches(
                  value,
                  INSTANCE,
                  "a DB instance identifier (letter first, then"
                      + " letters, digits, '-', at most 63, no '--', not ending in '-')"));
  static final Param CLASS_PARAM =
      Param.required(
          "instance_class",
          ParamType.STRING,
          "the class to change to, e.g. db.r5.2xlarge",
          value -> matches(value, CLASS, "an instance class such as db.r5.2xlarge"));
  static final Param APPLY_IMMEDIATELY =
      Param.optional(
          "apply_immediately",
          ParamType.BOOLEAN,
          "apply now, restarting the instance (default false: at the next maintenance window)",
          Check.NONE);

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.rds_modify_instance_class",
          "Changes an RDS instance's class (now, or at the next maintenance window); it cannot be"
              + " undone, so it always waits for a human's approval.",
          "- id: resize\n  action: aws.rds_modify_instance_class\n"
              + "  params: {instance: nba-mcp-prod, instance_class: db.r5.2xlarge,"
              + " apply_immediately: true}",
          List.of(INSTANCE_PARAM, CLASS_PARAM, APPLY_IMMEDIATELY),
          List.of(
              "IAM: rds:DescribeDBInstances, rds:ModifyDBInstance"
                  + " on arn:aws:rds:*:*:db:{instance}"));

  private final AwsClients aws;

  public RdsModifyInstanceClass(AwsClients aws) {
    this.aws = Objects.requireNonNull(aws);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public RdsModifyParams bind(Params params) {
    return new RdsModifyParams(
        params.string("instance"),
        params.string("instance_class"),
        params.bool("apply_immediately", false));
  }

  @Override
  public Target target(RdsModifyParams p) {
    return new Target("aws:rds", "db/" + p.instance(), Optional.empty());
  }

  @Override
  public String describe(RdsModifyParams p) {
    return "change RDS instance " + p.instance() + " to " + p.instanceClass() + " " + p.when();
  }

  @Override
  public Outcome execute(RdsModifyParams p) throws Exception {
    RdsInstance now = RdsInstance.describe(aws.rds(), p.instance());
    if (p.instanceClass().equals(now.instanceClass())) {
      return Outcome.notNeeded(p.instance() + " already is " + p.instanceClass());
    }
    // A pending change waits for the window; asking again with apply_immediately brings it
    // forward, unless it is already being applied.
    if (now.pending(p.instanceClass())
        && (!p.applyImmediately() || "modifying".equals(now.status()))) {
      return Outcome.notNeeded(
          "a change of "
              + p.instance()
              + " to "
              + p.instanceClass()
              + " is already pending ("
              + now.status()
              + ")");
    }
    RdsInstance after = modify(p);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("previous_class", now.instanceClass());
    data.put("instance_class", p.instanceClass());
    data.put("apply_immediately", p.applyImmediately());
    data.put("status", after.status());
    return Outcome.done(
        "changing "
            + p.instance()
            + " from "
            + now.instanceClass()
            + " to "
            + p.instanceClass()
            + " "
            + p.when()
            + " (status "
            + after.status()
            + ")",
        data);
  }

  private RdsInstance modify(RdsModifyParams p) throws Exception {
    DBInstance db;
    try {
      db =
          aws.rds()
              .modifyDBInstance(
                  r ->
                      r.dbInstanceIdentifier(p.instance())
                          .dbInstanceClass(p.instanceClass())
                          .applyImmediately(p.applyImmediately()))
              .dbInstance();
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(MODIFY, e);
    }
    return db == null ? new RdsInstance("", "unknown", Optional.empty()) : RdsInstance.of(db);
  }

  /** DONE when the instance has, or is due to get, the class; NOT_APPLIED otherwise. */
  @Override
  public Outcome recheck(RdsModifyParams p, Instant startedAt) throws Exception {
    RdsInstance now = RdsInstance.describe(aws.rds(), p.instance());
    if (p.instanceClass().equals(now.instanceClass())) {
      return Outcome.done(p.instance() + " is " + p.instanceClass());
    }
    return now.pending(p.instanceClass())
        ? Outcome.done(p.instance() + " has a pending change to " + p.instanceClass())
        : Outcome.notApplied(
            p.instance()
                + " is "
                + now.instanceClass()
                + " with no change to "
                + p.instanceClass()
                + " pending");
  }

  /** Setting a class is idempotent: a repeated request asks for the same end state. */
  @Override
  public boolean retrySafe() {
    return true;
  }

  private static Optional<String> matches(Object value, Pattern pattern, String what) {
    String text = String.valueOf(value);
    boolean ok = text.length() <= 63 && pattern.matcher(text).matches() && !text.endsWith("-");
    return ok ? Optional.empty() : Optional.of("'" + Checks.clip(text) + "' is not " + what);
  }
}
