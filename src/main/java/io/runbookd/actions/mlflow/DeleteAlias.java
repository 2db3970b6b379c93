package io.runbookd.actions.mlflow;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.http.RequestTimeout;
import io.runbookd.mlflow.MlflowParams;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.mlflow.MlflowServer;
import io.runbookd.mlflow.ModelVersion;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes a registered model's MLflow alias, reading first which version it pointed at: the undo
 * points it back there. It is how {@code mlflow.set_alias} is undone when the alias was not set.
 */
public final class DeleteAlias implements Action<AliasParams> {
  static final String NAME = "mlflow.delete_alias";

  private final MlflowRegistry registry;
  private final PluginInfo info;

  public DeleteAlias(MlflowRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    this.info =
        new PluginInfo(
            NAME,
            "Deletes a registered model's MLflow alias; undo points it back at its version.",
            "- id: unset_candidate\n  action: mlflow.delete_alias\n"
                + "  params: {model: nba_win_predictor, alias: candidate}",
            List.of(
                MlflowParams.MODEL,
                MlflowParams.ALIAS,
                MlflowParams.trackingUrl(registry),
                RequestTimeout.PARAM),
            List.of(
                "network: HTTP GET and DELETE /api/2.0/mlflow/registered-models/alias on"
                    + " mlflow.url",
                "MLflow: MANAGE on the registered model"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public AliasParams bind(Params params) {
    return new AliasParams(
        params.string("model"),
        params.string("alias"),
        Optional.empty(),
        params.optionalString("tracking_url"),
        params.duration("timeout", RequestTimeout.DEFAULT));
  }

  @Override
  public Target target(AliasParams p) {
    return p.target();
  }

  @Override
  public String describe(AliasParams p) {
    return "delete MLflow alias " + p.ref();
  }

  @Override
  public Outcome execute(AliasParams p) throws Exception {
    try {
      MlflowServer server = registry.server(p.trackingUrl());
      Optional<ModelVersion> before = registry.byAlias(server, p.model(), p.alias(), p.timeout());
      if (before.isEmpty()) {
        return Outcome.notNeeded("MLflow alias " + p.ref() + " is not set");
      }
      registry.deleteAlias(server, p.model(), p.alias(), p.timeout());
      String previous = before.get().version();
      return Outcome.done(
          "deleted MLflow alias " + p.ref() + " (it pointed at version " + previous + ")",
          Map.of("model", p.model(), "alias", p.alias(), "previous_version", previous));
    } catch (RefusedException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  @Override
  public Outcome recheck(AliasParams p, Instant startedAt) throws Exception {
    MlflowServer server = registry.server(p.trackingUrl());
    Optional<ModelVersion> now = registry.byAlias(server, p.model(), p.alias(), p.timeout());
    return now.isEmpty()
        ? Outcome.done("MLflow alias " + p.ref() + " is not set")
        : Outcome.notApplied(
            "MLflow alias " + p.ref() + " still points at version " + now.get().version());
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  @Override
  public Optional<Undo> undo(AliasParams p, Outcome done) {
    return Optional.ofNullable((String) done.data().get("previous_version"))
        .map(v -> new Undo(SetAlias.NAME, p.undoParams(Optional.of(v))));
  }
}
