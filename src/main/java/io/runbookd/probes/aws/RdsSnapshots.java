package io.runbookd.probes.aws;

import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.aws.AwsNames;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;

/**
 * RB-201's {@code verify_backups.py --days 7}: RDS DescribeDBSnapshots for an instance's automated
 * snapshots created in the last {@code days}: how many, and the newest available one with its age
 * in hours, so a rule can require {@code probes.backups.newest_age_hours < 26}. With no available
 * snapshot in the window, {@code newest_age_hours} is the window's length (at least that old) and
 * {@code found} is false. At most {@value #MAX_PAGES} pages of 100 are read.
 */
public final class RdsSnapshots implements Probe<RdsSnapshotsParams> {
  public static final String SYSTEM = "aws:rds";
  static final String OPERATION = "RDS DescribeDBSnapshots";
  static final int MAX_PAGES = 10;

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.rds_snapshots",
          "Counts an RDS instance's automated snapshots of the last days and reports the newest"
              + " available one's age in hours.",
          "- id: backups\n  probe: aws.rds_snapshots\n"
              + "  params: {instance: nba-mcp-prod, days: 7}",
          List.of(
              Param.required(
                  "instance",
                  ParamType.STRING,
                  "the DB instance identifier, e.g. nba-mcp-prod",
                  AwsNames.RDS_INSTANCE_ID),
              Param.optional(
                  "days",
                  ParamType.INTEGER,
                  "how far back to look, 1 to 35 days (default 7)",
                  Checks.range(1, 35))),
          List.of(
              "IAM: rds:DescribeDBSnapshots on arn:aws:rds:*:*:db:{instance},"
                  + " arn:aws:rds:*:*:snapshot:rds:{instance}-*"));

  private final AwsClients clients;
  private final Clock clock;

  public RdsSnapshots(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public RdsSnapshotsParams bind(Params params) {
    return new RdsSnapshotsParams(params.string("instance"), params.integer("days", 7));
  }

  @Override
  public String system(RdsSnapshotsParams params) {
    return SYSTEM;
  }

  @Override
  public Finding run(RdsSnapshotsParams p) throws Exception {
    Instant now = clock.instant();
    Instant since = now.minus(Duration.ofDays(p.days()));
    List<DBSnapshot> recent =
        list(p).stream()
            .filter(s -> s.snapshotCreateTime() != null && !s.snapshotCreateTime().isBefore(since))
            .toList();
    Optional<DBSnapshot> newest =
        recent.stream()
            .filter(s -> "available".equals(s.status()))
            .max(Comparator.comparing(DBSnapshot::snapshotCreateTime));
    double age =
        newest
            .map(s -> Duration.between(s.snapshotCreateTime(), now).toSeconds() / 3600.0)
            .orElse(p.days() * 24.0);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("count", (long) recent.size());
    data.put("available", recent.stream().filter(s -> "available".equals(s.status())).count());
    data.put("found", newest.isPresent());
    data.put("newest_snapshot", newest.map(DBSnapshot::dbSnapshotIdentifier).orElse(""));
    data.put("newest_time", newest.map(s -> s.snapshotCreateTime().toString()).orElse(""));
    data.put("newest_age_hours", Math.round(age * 10) / 10.0);
    return new Finding(data, summary(p, recent.size(), newest, age));
  }

  private List<DBSnapshot> list(RdsSnapshotsParams p) throws Exception {
    List<DBSnapshot> all = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      DescribeDbSnapshotsResponse answer = page(p, marker);
      all.addAll(answer.dbSnapshots());
      marker = answer.marker();
      if (marker == null || marker.isEmpty()) {
        break;
      }
    }
    return all;
  }

  private DescribeDbSnapshotsResponse page(RdsSnapshotsParams p, String marker) throws Exception {
    try {
      return clients
          .rds()
          .describeDBSnapshots(
              r ->
                  r.dbInstanceIdentifier(p.instance())
                      .snapshotType("automated")
                      .maxRecords(100)
                      .marker(marker));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(OPERATION, e);
    }
  }

  private static String summary(
      RdsSnapshotsParams p, int count, Optional<DBSnapshot> newest, double age) {
    String head =
        p.instance() + ": " + count + " automated snapshots in the last " + p.days() + "d";
    return newest
        .map(
            s ->
                head
                    + String.format(
                        Locale.ROOT,
                        "; newest available %s at %s, %.1f h ago",
                        Checks.clip(s.dbSnapshotIdentifier()),
                        s.snapshotCreateTime(),
                        age))
        .orElse(head + "; none available");
  }
}
