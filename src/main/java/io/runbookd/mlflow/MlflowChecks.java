package io.runbookd.mlflow;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What MLflow accepts as a registered model name, an alias, a version and a stage, checked before
 * any request: these values go into query strings and JSON bodies of calls that move production.
 */
public final class MlflowChecks {
  /** MLflow's own stages, as {@code get-latest-versions} takes them. */
  public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,9}");
  private static final Pattern VERSION_LIKE = Pattern.compile("[vV][0-9]+");

  private MlflowChecks() {}

  /** A registered model name: letters, digits, {@code . _ -}; no slashes, spaces or quotes. */
  public static final Check MODEL_NAME =
      value ->
          MODEL.matcher(String.valueOf(value)).matches()
              ? Optional.empty()
              : Optional.of(
                  "'"
                      + Checks.clip(value)
                      + "' is not a model name (letters, digits, '.', '_', '-', at most 255)");

  /**
   * An alias as MLflow validates it: letters, digits, {@code _} and {@code -}; not {@code latest}
   * and not {@code v<number>}, which MLflow reserves for versions.
   */
  public static final Check ALIAS_NAME =
      value -> {
        String text = String.valueOf(value);
        if (!ALIAS.matcher(text).matches()) {
          return Optional.of(
              "'" + Checks.clip(text) + "' is not an alias (letters, digits, '_', '-')");
        }
        if (text.toLowerCase(Locale.ROOT).equals("latest")
            || VERSION_LIKE.matcher(text).matches()) {
          return Optional.of("'" + text + "' is reserved by MLflow (latest, v<number>)");
        }
        return Optional.empty();
      };

  /** A version number as MLflow assigns them; a semantic version is refused with the reason. */
  public static final Check VERSION_NUMBER =
      value -> {
        String text = String.valueOf(value);
        if (isVersion(text)) {
          return Optional.empty();
        }
        String hint =
            text.contains(".")
                ? ": MLflow numbers versions 1, 2, 3…; a semantic version such as 2.1.0 is a tag"
                : ": a whole number from 1";
        return Optional.of("'" + Checks.clip(text) + "' is not an MLflow model version" + hint);
      };

  /** One of MLflow's stages, in its spelling. */
  public static final Check STAGE =
      value ->
          STAGES.contains(String.valueOf(value))
              ? Optional.empty()
              : Optional.of(
                  "'"
                      + Checks.clip(value)
                      + "' is not a stage; one of "
                      + String.join(", ", STAGES));

  static boolean isVersion(String text) {
    return VERSION.matcher(text).matches();
  }
}
