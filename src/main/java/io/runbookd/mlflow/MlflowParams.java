package io.runbookd.mlflow;

import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;

/** Parameters the MLflow plugins share, with the checks their values must pass. */
public final class MlflowParams {
  private MlflowParams() {}

  public static final Param MODEL =
      Param.required(
          "model",
          ParamType.STRING,
          "registered model name, e.g. nba_win_predictor",
          MlflowChecks.MODEL_NAME);

  public static final Param ALIAS =
      Param.required(
          "alias", ParamType.STRING, "model alias, e.g. production", MlflowChecks.ALIAS_NAME);

  /** The {@code tracking_url} parameter: the configured server or an allowed host. */
  public static Param trackingUrl(MlflowRegistry registry) {
    return Param.optional(
        "tracking_url",
        ParamType.STRING,
        "tracking server base URL (default mlflow.url); another server must be on a host of"
            + " http.allowedHosts and gets no token",
        registry.urlCheck());
  }
}
