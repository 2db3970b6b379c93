package io.runbookd.actions.mlflow;

import io.runbookd.actions.Target;
import io.runbookd.mlflow.MlflowRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One alias of one registered model, and for {@code mlflow.set_alias} the version it should point
 * at (MLflow's number, "3").
 */
public record AliasParams(
    String model,
    String alias,
    Optional<String> version,
    Optional<String> trackingUrl,
    Duration timeout) {

  String ref() {
    return model + "@" + alias;
  }

  Target target() {
    return new Target(
        MlflowRegistry.SYSTEM, "registered-model/" + model + "/alias/" + alias, Optional.empty());
  }

  /** The raw parameters of an undo step on the same alias. */
  Map<String, Object> undoParams(Optional<String> setTo) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model", model);
    params.put("alias", alias);
    setTo.ifPresent(v -> params.put("version", v));
    trackingUrl.ifPresent(u -> params.put("tracking_url", u));
    return params;
  }
}
