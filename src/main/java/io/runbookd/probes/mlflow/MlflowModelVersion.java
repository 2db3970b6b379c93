package io.runbookd.probes.mlflow;

import io.runbookd.http.RequestTimeout;
import io.runbookd.mlflow.MlflowChecks;
import io.runbookd.mlflow.MlflowParams;
import io.runbookd.mlflow.MlflowRefusedException;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.mlflow.MlflowServer;
import io.runbookd.mlflow.ModelVersion;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads which version of a registered model is in production from MLflow's model registry: the
 * version its {@code alias} points at (MLflow 2.3 and later), else the newest version in {@code
 * stage} (the older stage API, also used when the server has no alias endpoint). An alias that is
 * not set is a finding ({@code found: false, alias_absent: true}), not a failure.
 *
 * <p>Data: {@code found}; {@code source} ({@code alias} or {@code stage}, empty when not found);
 * {@code alias_absent}; when found, {@code model}, {@code version} ("3"), {@code version_number}
 * (3), {@code current_stage}, {@code status}, {@code run_id}, {@code aliases}, {@code tags}.
 */
public final class MlflowModelVersion implements Probe<ModelVersionParams> {
  private static final Param ALIAS =
      Param.optional(
          "alias",
          ParamType.STRING,
          "alias to read, e.g. production (give alias, stage or both)",
          MlflowChecks.ALIAS_NAME);
  private static final Param STAGE =
      Param.optional(
          "stage",
          ParamType.STRING,
          "stage to read when the alias is not set or the server predates aliases: "
              + String.join(", ", MlflowChecks.STAGES),
          MlflowChecks.STAGE);

  private final MlflowRegistry registry;
  private final PluginInfo info;

  public MlflowModelVersion(MlflowRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    this.info =
        new PluginInfo(
            "mlflow.model_version",
            "Reads the version of a registered model that an MLflow alias (or stage) points at.",
            "- id: current\n  probe: mlflow.model_version\n"
                + "  params: {model: nba_win_predictor, alias: production, stage: Production}",
            List.of(
                MlflowParams.MODEL,
                ALIAS,
                STAGE,
                MlflowParams.trackingUrl(registry),
                RequestTimeout.PARAM),
            List.of(
                "network: HTTP GET /api/2.0/mlflow/registered-models/alias and POST"
                    + " …/get-latest-versions on mlflow.url",
                "MLflow: READ on the registered model"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public ModelVersionParams bind(Params params) throws ParamException {
    Optional<String> alias = params.optionalString("alias");
    Optional<String> stage = params.optionalString("stage");
    if (alias.isEmpty() && stage.isEmpty()) {
      throw new ParamException("alias", "give alias, stage or both");
    }
    return new ModelVersionParams(
        params.string("model"),
        alias,
        stage,
        params.optionalString("tracking_url"),
        params.duration("timeout", RequestTimeout.DEFAULT));
  }

  @Override
  public String system(ModelVersionParams params) {
    return MlflowRegistry.SYSTEM;
  }

  @Override
  public Finding run(ModelVersionParams p) throws Exception {
    MlflowServer server = registry.server(p.trackingUrl());
    String aliasState = "";
    if (p.alias().isPresent()) {
      try {
        Optional<ModelVersion> version =
            registry.byAlias(server, p.model(), p.alias().get(), p.timeout());
        if (version.isPresent()) {
          return found(p, version.get(), "@" + p.alias().get(), "alias", false);
        }
        aliasState = "alias " + p.alias().get() + " is not set";
      } catch (MlflowRefusedException e) {
        if (!e.noSuchEndpoint() || p.stage().isEmpty()) {
          throw e;
        }
        aliasState = "the server has no alias API";
      }
    }
    boolean aliasAbsent = aliasState.startsWith("alias");
    if (p.stage().isPresent()) {
      Optional<ModelVersion> version =
          registry.latestInStage(server, p.model(), p.stage().get(), p.timeout());
      if (version.isPresent()) {
        String where =
            " in stage " + p.stage().get() + (aliasState.isEmpty() ? "" : " (" + aliasState + ")");
        return found(p, version.get(), where, "stage", aliasAbsent);
      }
    }
    List<String> missing = new ArrayList<>();
    if (!aliasState.isEmpty()) {
      missing.add(aliasState);
    }
    p.stage().ifPresent(s -> missing.add("no version is in stage " + s));
    return new Finding(
        base(p, false, "", aliasAbsent),
        "mlflow: " + p.model() + ": " + String.join("; ", missing));
  }

  private static Finding found(
      ModelVersionParams p, ModelVersion v, String where, String source, boolean aliasAbsent) {
    Map<String, Object> data = base(p, true, source, aliasAbsent);
    data.putAll(v.data());
    String status = v.status().isEmpty() ? "" : ", " + v.status();
    return new Finding(
        data, "mlflow: " + p.model() + where + " is version " + v.version() + status);
  }

  private static Map<String, Object> base(
      ModelVersionParams p, boolean found, String source, boolean aliasAbsent) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("found", found);
    data.put("source", source);
    data.put("alias_absent", aliasAbsent);
    data.put("model", p.model());
    p.alias().ifPresent(a -> data.put("alias", a));
    p.stage().ifPresent(s -> data.put("stage", s));
    return data;
  }
}
