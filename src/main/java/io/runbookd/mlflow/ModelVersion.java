package io.runbookd.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version as MLflow's REST API answers it ({@code {"name": "nba_win_predictor",
 * "version": "3", "current_stage": "Production", "status": "READY", "run_id": "…", "aliases":
 * ["production"], "tags": [{"key": "semver", "value": "2.1.0"}], …}}). MLflow numbers versions
 * itself, 1, 2, 3, and sends them as strings; a semantic version is a tag. Empty lists are left out
 * of MLflow's JSON, so a version without aliases has no {@code aliases} field.
 *
 * @param number {@code version} as a number
 */
public record ModelVersion(
    String name,
    String version,
    long number,
    String stage,
    String status,
    String runId,
    List<String> aliases,
    Map<String, String> tags) {
  static final int MAX_ITEMS = 50;

  public ModelVersion {
    aliases = List.copyOf(aliases);
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Reads a {@code model_version} object; refuses one without a name or a numeric version. */
  static ModelVersion read(JsonNode node) throws RefusedException {
    String name = node.path("name").asText("");
    String version = node.path("version").asText("");
    if (name.isEmpty() || !MlflowChecks.isVersion(version)) {
      throw new RefusedException(
          "mlflow answered a model version without a name or a numeric version ('"
              + Checks.clip(version)
              + "')");
    }
    return new ModelVersion(
        name,
        version,
        Long.parseLong(version),
        node.path("current_stage").asText("None"),
        node.path("status").asText(""),
        node.path("run_id").asText(""),
        aliases(node.path("aliases")),
        tags(node.path("tags")));
  }

  private static List<String> aliases(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode alias : list) {
      if (out.size() < MAX_ITEMS && alias.isTextual()) {
        out.add(alias.asText());
      }
    }
    return out;
  }

  private static Map<String, String> tags(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode tag : list) {
      if (out.size() < MAX_ITEMS && tag.path("key").isTextual()) {
        out.put(tag.path("key").asText(), clipValue(tag.path("value").asText("")));
      }
    }
    return out;
  }

  private static String clipValue(String value) {
    return value.length() > 256 ? value.substring(0, 256) + "…" : value;
  }

  /** The fields as rule conditions read them. */
  public Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("model", name);
    data.put("version", version);
    data.put("version_number", number);
    data.put("current_stage", stage);
    data.put("status", status);
    data.put("run_id", runId);
    data.put("aliases", aliases);
    data.put("tags", tags);
    return data;
  }
}
