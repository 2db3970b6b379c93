package io.runbookd.actions.mlflow;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.http.RequestTimeout;
import io.runbookd.mlflow.MlflowChecks;
import io.runbookd.mlflow.MlflowParams;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.mlflow.MlflowServer;
import io.runbookd.mlflow.ModelVersion;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves a registered model's alias (RB-001: {@code production}) to a version, reading first where
 * it pointed: the outcome keeps {@code previous_version}, and the undo points the alias back at
 * exactly that version, or deletes it ({@code mlflow.delete_alias}) when it was not set. Versions
 * are MLflow's numbers ("3"); a semantic version is a tag and is refused.
 */
public final class SetAlias implements Action<AliasParams> {
  static final String NAME = "mlflow.set_alias";

  private static final Param VERSION =
      Param.required(
          "version",
          ParamType.STRING,
          "MLflow version number to point the alias at, e.g. \"4\" (not a semantic version)",
          MlflowChecks.VERSION_NUMBER);

  private final MlflowRegistry registry;
  private final PluginInfo info;

  public SetAlias(MlflowRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    this.info =
        new PluginInfo(
            NAME,
            "Points a registered model's MLflow alias at a version; undo restores the previous"
                + " one.",
            "- id: promote\n  action: mlflow.set_alias\n"
                + "  params: {model: nba_win_predictor, alias: production, version: \"4\"}",
            List.of(
                MlflowParams.MODEL,
                MlflowParams.ALIAS,
                VERSION,
                MlflowParams.trackingUrl(registry),
                RequestTimeout.PARAM),
            List.of(
                "network: HTTP GET, POST and DELETE (an undo where the alias was unset)"
                    + " /api/2.0/mlflow/registered-models/alias on mlflow.url",
                "MLflow: EDIT on the registered model (MANAGE for an undo that deletes the"
                    + " alias)"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public AliasParams bind(Params params) throws ParamException {
    return new AliasParams(
        params.string("model"),
        params.string("alias"),
        Optional.of(params.string("version")),
        params.optionalString("tracking_url"),
        params.duration("timeout", RequestTimeout.DEFAULT));
  }

  @Override
  public Target target(AliasParams p) {
    return p.target();
  }

  @Override
  public String describe(AliasParams p) {
    return "point MLflow alias " + p.ref() + " at version " + p.version().orElseThrow();
  }

  @Override
  public Outcome execute(AliasParams p) throws Exception {
    String wanted = p.version().orElseThrow();
    try {
      MlflowServer server = registry.server(p.trackingUrl());
      Optional<String> before =
          registry.byAlias(server, p.model(), p.alias(), p.timeout()).map(ModelVersion::version);
      if (before.filter(wanted::equals).isPresent()) {
        return Outcome.notNeeded(
            "MLflow alias " + p.ref() + " already points at version " + wanted);
      }
      registry.setAlias(server, p.model(), p.alias(), wanted, p.timeout());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("model", p.model());
      data.put("alias", p.alias());
      data.put("version", wanted);
      data.put("had_previous", before.isPresent());
      before.ifPresent(v -> data.put("previous_version", v));
      String from = before.map(v -> "from version " + v).orElse("(it was not set)");
      return Outcome.done(
          "moved MLflow alias " + p.ref() + " " + from + " to version " + wanted, data);
    } catch (RefusedException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /**
   * DONE when the alias points at the version; NOT_APPLIED when it points elsewhere or is unset.
   */
  @Override
  public Outcome recheck(AliasParams p, Instant startedAt) throws Exception {
    String wanted = p.version().orElseThrow();
    MlflowServer server = registry.server(p.trackingUrl());
    Optional<ModelVersion> now = registry.byAlias(server, p.model(), p.alias(), p.timeout());
    if (now.isPresent() && now.get().version().equals(wanted)) {
      return Outcome.done("MLflow alias " + p.ref() + " points at version " + wanted);
    }
    return Outcome.notApplied(
        "MLflow alias "
            + p.ref()
            + (now.isPresent() ? " points at version " + now.get().version() : " is not set")
            + ", not "
            + wanted);
  }

  /** Setting an alias to a version is the same request however often it is sent. */
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
    if (!(done.data().get("had_previous") instanceof Boolean had)) {
      return Optional.empty();
    }
    if (!had) {
      return Optional.of(new Undo(DeleteAlias.NAME, p.undoParams(Optional.empty())));
    }
    Optional<String> previous = Optional.ofNullable((String) done.data().get("previous_version"));
    return previous.map(v -> new Undo(NAME, p.undoParams(Optional.of(v))));
  }
}
