package io.runbookd.aws;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The S3 objects {@code aws.s3_objects} lists and {@code aws.s3_delete_old} deletes: those under
 * {@code s3://bucket/prefix} last modified more than {@code olderThan} ago, at most {@code max} per
 * run. The prefix is matched as S3 matches it, as text ({@code logs} also matches {@code
 * logs-old/}): end it with {@code /} to mean a folder; an empty prefix is the whole bucket and must
 * be written out as {@code ""}.
 */
public record S3Selection(String bucket, String prefix, Duration olderThan, int max) {
  /** The engine's bulkhead and circuit breaker key for every S3 call. */
  public static final String SYSTEM = "aws:s3";

  public static final int DEFAULT_MAX = 1000;
  public static final int HARD_MAX = 10_000;

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9!_.*'()/=:+,@-]{0,512}");
  private static final Duration MIN_AGE = Duration.ofDays(1);
  private static final Duration MAX_AGE = Duration.ofDays(3650);

  public S3Selection {
    Objects.requireNonNull(bucket);
    Objects.requireNonNull(prefix);
    Objects.requireNonNull(olderThan);
  }

  /** {@code s3://nba-mcp-logs/app/}. */
  public String url() {
    return "s3://" + bucket + "/" + prefix;
  }

  /** The parameters both plugins take; {@code what} says what {@code max_objects} caps. */
  public static List<Param> params(String what) {
    return List.of(
        Param.required("bucket", ParamType.STRING, "the bucket, e.g. nba-mcp-logs", BUCKET_CHECK),
        Param.required(
            "prefix",
            ParamType.STRING,
            "key prefix, e.g. app/ (\"\" for the whole bucket; matched as text, like S3 does)",
            PREFIX_CHECK),
        Param.required(
            "older_than",
            ParamType.DURATION,
            "retention: objects last modified longer ago than this, 1d to 3650d, e.g. 30d",
            AGE_CHECK),
        Param.optional(
            "max_objects",
            ParamType.INTEGER,
            what + ", 1 to " + HARD_MAX + " (default " + DEFAULT_MAX + ")",
            Checks.range(1, HARD_MAX)));
  }

  public static S3Selection bind(Params params) {
    return new S3Selection(
        params.string("bucket"),
        params.string("prefix"),
        params.duration("older_than", MIN_AGE),
        (int) params.integer("max_objects", DEFAULT_MAX));
  }

  /** S3's bucket naming rules: 3 to 63, lower case, digits, '.', '-', no IP address form. */
  static final Check BUCKET_CHECK =
      value -> {
        String text = String.valueOf(value);
        boolean ok =
            BUCKET.matcher(text).matches()
                && !text.contains("..")
                && !text.contains(".-")
                && !text.contains("-.")
                && !IP.matcher(text).matches();
        return ok
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not an S3 bucket name (3 to 63 of a-z,"
                    + " 0-9, '.', '-')");
      };

  /** Key characters S3 calls safe, no leading '/', no empty or '..' segment. */
  static final Check PREFIX_CHECK =
      value -> {
        String text = String.valueOf(value);
        boolean ok =
            PREFIX.matcher(text).matches()
                && !text.startsWith("/")
                && !text.contains("//")
                && !("/" + text + "/").contains("/../")
                && !("/" + text).endsWith("/..");
        return ok
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not a key prefix runbookd accepts (at most 512 of A-Z a-z 0-9 ! _ . * '"
                    + " ( ) / = : + , @ -; no leading '/', no '//' or '..' segment)");
      };

  static final Check AGE_CHECK =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(MIN_AGE) < 0 || d.compareTo(MAX_AGE) > 0
            ? Optional.of("must be between 1d and 3650d, got " + d.toHours() + "h")
            : Optional.empty();
      };
}
