package io.runbookd.aws;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks for AWS resource names that reach a request: a label can only name a resource, never add a
 * field or a second value.
 */
public final class AwsNames {
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
  private static final Pattern SECRET_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]{1,32}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}");
  private static final Pattern RDS_INSTANCE = Pattern.compile("[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}");

  private AwsNames() {}

  /** A Secrets Manager secret name (letters, digits, / _ + = . @ -) or a secret's ARN. */
  public static final Check SECRET =
      value -> {
        String text = String.valueOf(value);
        boolean ok = SECRET_NAME.matcher(text).matches() || SECRET_ARN.matcher(text).matches();
        return ok
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not a secret name (at most 512 of"
                    + " A-Z a-z 0-9 / _ + = . @ -) or a Secrets Manager ARN");
      };

  /** A secret name prefix, as ListSecrets' {@code name} filter takes it. */
  public static final Check SECRET_PREFIX =
      value ->
          SECRET_NAME.matcher(String.valueOf(value)).matches()
              ? Optional.empty()
              : Optional.of(
                  "'"
                      + Checks.clip(value)
                      + "' is not a secret name prefix (at most"
                      + " 512 of A-Z a-z 0-9 / _ + = . @ -)");

  /** An RDS DB instance identifier: a letter, then letters, digits, '-', no '--', no '-' last. */
  public static final Check RDS_INSTANCE_ID =
      value -> {
        String text = String.valueOf(value);
        boolean ok = RDS_INSTANCE.matcher(text).matches() && !text.endsWith("-");
        return ok
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not a DB instance identifier (letter"
                    + " first, then letters, digits, '-', at most 63, no '--', not ending in '-')");
      };
}
