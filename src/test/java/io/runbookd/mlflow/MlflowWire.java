package io.runbookd.mlflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An MLflow 2.x tracking server's model registry as WireMock on 127.0.0.1, answering from state the
 * way MLflow's SQL store does: {@code model_version} objects with {@code version} as a string and
 * empty lists left out; a missing alias is {@code 400 INVALID_PARAMETER_VALUE "Registered model
 * alias production not found."}; a missing model or version {@code 404 RESOURCE_DOES_NOT_EXIST}.
 * With {@link #withoutAliasApi} it is a server older than MLflow 2.3, whose alias endpoints are
 * Flask's HTML 404.
 */
public final class MlflowWire implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/registered-models";

  /** A version: its number, stage, status, run and tags. */
  public record Version(String number, String stage, String runId, Map<String, String> tags) {}

  private final Map<String, List<Version>> models = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private volatile boolean aliasApi = true;
  private final WireMockServer server;

  public MlflowWire() {
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .extensions(new Registry()));
    server.start();
    server.stubFor(
        any(urlPathMatching(API + "/.*")).willReturn(aResponse().withTransformers("mlflow")));
  }

  /** {@code http://127.0.0.1:PORT} (WireMock's own base URL says localhost). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public WireMockServer server() {
    return server;
  }

  public void model(String name, Version... versions) {
    models.put(name, List.of(versions));
  }

  public void alias(String model, String alias, String version) {
    aliases.put(model + "@" + alias, version);
  }

  /** The alias is no longer set: reading it is MLflow's 400 INVALID_PARAMETER_VALUE. */
  public void unalias(String model, String alias) {
    aliases.remove(model + "@" + alias);
  }

  public String aliasOf(String model, String alias) {
    return aliases.get(model + "@" + alias);
  }

  public void withoutAliasApi() {
    aliasApi = false;
  }

  /** The requests received, oldest first. */
  public List<LoggedRequest> requests() {
    List<LoggedRequest> all =
        new ArrayList<>(
            server.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())));
    all.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
    return all;
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class Registry implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "mlflow";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      LoggedRequest request = event.getRequest();
      String path = request.getUrl().replaceAll("\\?.*", "").substring(API.length());
      String method = request.getMethod().getName();
      if (path.equals("/alias") && !aliasApi) {
        return ResponseDefinition.notFound(); // Flask's own 404, no MLflow error body
      }
      JsonNode body = method.equals("GET") ? null : read(request.getBodyAsString());
      return switch (method + " " + path) {
        case "GET /alias" ->
            getAlias(
                request.queryParameter("name").firstValue(),
                request.queryParameter("alias").firstValue());
        case "POST /alias" ->
            setAlias(
                body.path("name").asText(),
                body.path("alias").asText(),
                body.path("version").asText());
        case "DELETE /alias" ->
            deleteAlias(body.path("name").asText(), body.path("alias").asText());
        case "POST /get-latest-versions" -> latest(body.path("name").asText(), body.path("stages"));
        default -> error(404, "ENDPOINT_NOT_FOUND", "No API endpoint " + path);
      };
    }
  }

  private ResponseDefinition getAlias(String model, String alias) {
    String version = aliases.get(model + "@" + alias);
    if (version == null) {
      return error(
          400, "INVALID_PARAMETER_VALUE", "Registered model alias " + alias + " not found.");
    }
    return ok(Map.of("model_version", json(model, find(model, version))));
  }

  private ResponseDefinition setAlias(String model, String alias, String version) {
    if (!models.containsKey(model)) {
      return error(
          404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + model + " not found");
    }
    if (find(model, version) == null) {
      return error(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Model Version (name=" + model + ", version=" + version + ") not found");
    }
    aliases.put(model + "@" + alias, version);
    return ok(Map.of());
  }

  private ResponseDefinition deleteAlias(String model, String alias) {
    aliases.remove(model + "@" + alias);
    return ok(Map.of());
  }

  private ResponseDefinition latest(String model, JsonNode stages) {
    if (!models.containsKey(model)) {
      return error(
          404, "RESOURCE_DOES_NOT_EXIST", "Registered Model with name=" + model + " not found");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode stage : stages) {
      models.get(model).stream()
          .filter(v -> v.stage().equalsIgnoreCase(stage.asText()))
          .reduce((a, b) -> Long.parseLong(b.number()) > Long.parseLong(a.number()) ? b : a)
          .ifPresent(v -> out.add(json(model, v)));
    }
    return ok(out.isEmpty() ? Map.of() : Map.of("model_versions", out));
  }

  private Version find(String model, String number) {
    return models.getOrDefault(model, List.of()).stream()
        .filter(v -> v.number().equals(number))
        .findFirst()
        .orElse(null);
  }

  private Map<String, Object> json(String model, Version v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", model);
    out.put("version", v.number());
    out.put("creation_timestamp", 1697112000000L + Long.parseLong(v.number()));
    out.put("last_updated_timestamp", 1697112000000L + Long.parseLong(v.number()));
    out.put("current_stage", v.stage());
    out.put("description", "");
    out.put("source", "models:/m-" + v.runId());
    out.put("run_id", v.runId());
    out.put("status", "READY");
    if (!v.tags().isEmpty()) {
      List<Map<String, String>> tags = new ArrayList<>();
      v.tags().forEach((k, val) -> tags.add(Map.of("key", k, "value", val)));
      out.put("tags", tags);
    }
    List<String> pointing = new ArrayList<>();
    aliases.forEach(
        (key, version) -> {
          if (key.startsWith(model + "@") && version.equals(v.number())) {
            pointing.add(key.substring(model.length() + 1));
          }
        });
    if (!pointing.isEmpty()) {
      out.put("aliases", pointing);
    }
    return out;
  }

  private static ResponseDefinition ok(Object body) {
    return respond(200, body);
  }

  private static ResponseDefinition error(int status, String code, String message) {
    return respond(status, Map.of("error_code", code, "message", message));
  }

  private static ResponseDefinition respond(int status, Object body) {
    try {
      return aResponse()
          .withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withBody(JSON.writeValueAsString(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
