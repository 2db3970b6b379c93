package io.runbookd.probes.aws;

import io.runbookd.aws.AwsClients;
import io.runbookd.aws.S3OldObjects;
import io.runbookd.aws.S3Selection;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * RB-201's log clean-up, seen before it happens: the objects under {@code s3://bucket/prefix} older
 * than the retention, counted with their total size, the first {@value #SHOWN} listed. In dry-run
 * this is the list of what {@code aws.s3_delete_old} with the same parameters would delete. Only
 * lists; never reads an object.
 */
public final class S3Objects implements Probe<S3Selection> {
  static final int SHOWN = 20;

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.s3_objects",
          "Lists the S3 objects under a prefix older than a retention, with their count and total"
              + " size (what aws.s3_delete_old would delete).",
          "- id: old_logs\n  probe: aws.s3_objects\n"
              + "  params: {bucket: nba-mcp-logs, prefix: \"\", older_than: 30d}",
          S3Selection.params("most objects counted"),
          List.of("IAM: s3:ListBucket on arn:aws:s3:::{bucket}"));

  private final AwsClients clients;
  private final Clock clock;

  public S3Objects(AwsClients clients, Clock clock) {
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
  public String system(S3Selection params) {
    return S3Selection.SYSTEM;
  }

  @Override
  public Finding run(S3Selection s) throws Exception {
    Instant now = clock.instant();
    S3OldObjects old = S3OldObjects.list(clients.s3(), s, now.minus(s.olderThan()), s.max());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("count", (long) old.objects().size());
    data.put("bytes", old.bytes());
    data.put("more", old.more());
    data.put("scanned", old.scanned());
    data.put("objects", old.objects().stream().limit(SHOWN).map(o -> object(o, now)).toList());
    return new Finding(data, summary(s, old));
  }

  private static Map<String, Object> object(S3Object o, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", o.key());
    m.put("size", o.size() == null ? 0L : o.size());
    m.put("last_modified", o.lastModified().toString());
    m.put("age_days", Duration.between(o.lastModified(), now).toDays());
    return m;
  }

  static String summary(S3Selection s, S3OldObjects old) {
    String head =
        String.format(
            Locale.ROOT,
            "%s: %d objects older than %dd (%s)%s",
            s.url(),
            old.objects().size(),
            s.olderThan().toDays(),
            size(old.bytes()),
            old.more() ? ", more may remain beyond " + old.objects().size() : "");
    return old.objects().isEmpty()
        ? head
        : head
            + ": "
            + old.objects().stream()
                .limit(5)
                .map(o -> Checks.clip(o.key()))
                .collect(Collectors.joining(", "))
            + (old.objects().size() > 5 ? ", …" : "");
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return bytes >= 1L << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}
