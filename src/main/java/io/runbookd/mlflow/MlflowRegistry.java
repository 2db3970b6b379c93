package io.runbookd.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.Secret;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpAnswer;
import io.runbookd.http.HttpTarget;
import io.runbookd.http.JsonBodies;
import io.runbookd.plugin.RefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The MLflow model registry's REST API (2.x): a version by alias ({@code GET
 * registered-models/alias}), the latest version in a stage for servers older than aliases ({@code
 * POST registered-models/get-latest-versions}), and moving or deleting an alias. The server is
 * {@code mlflow.url}, or a step's {@code tracking_url} on a host of {@code http.allowedHosts};
 * {@code mlflow.token} goes to the configured server only, never to another host.
 */
public final class MlflowRegistry {
  /** The engine's bulkhead and circuit breaker key for every registry call. */
  public static final String SYSTEM = "mlflow";

  static final String NOT_CONFIGURED =
      "mlflow.url is not configured (or give the step a tracking_url)";
  static final int MAX_BODY = 1 << 20;
  private static final String API = "/api/2.0/mlflow/registered-models";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<MlflowServer> configured;
  private final Optional<Secret> token;
  private final AllowedHosts allowed;
  private final BlockingHttp http;
  private final BlockingPost post;
  private final JsonBodies bodies = new JsonBodies();

  /**
   * @throws IllegalArgumentException when {@code url} is not a plain http(s) URL
   */
  public MlflowRegistry(
      Optional<java.net.URI> url,
      Optional<Secret> token,
      AllowedHosts allowed,
      BlockingHttp http,
      BlockingPost post) {
    this.configured = url.map(u -> MlflowServer.configured(u));
    this.token = Objects.requireNonNull(token);
    this.allowed = Objects.requireNonNull(allowed);
    this.http = Objects.requireNonNull(http);
    this.post = Objects.requireNonNull(post);
  }

  /** The server a step talks to: its {@code tracking_url}, else {@code mlflow.url}. */
  public MlflowServer server(Optional<String> trackingUrl) throws RefusedException {
    if (trackingUrl.isEmpty()) {
      return configured.orElseThrow(() -> new RefusedException(NOT_CONFIGURED));
    }
    return MlflowServer.resolve(trackingUrl.get(), configured, allowed);
  }

  /** The check of a {@code tracking_url} parameter. */
  public io.runbookd.plugin.Check urlCheck() {
    return value -> {
      try {
        MlflowServer.resolve(String.valueOf(value), configured, allowed);
        return Optional.empty();
      } catch (RefusedException e) {
        return Optional.of(e.getMessage());
      }
    };
  }

  /** The version {@code alias} points at; empty when the model has no such alias. */
  public Optional<ModelVersion> byAlias(
      MlflowServer server, String model, String alias, Duration timeout)
      throws RefusedException, IOException, InterruptedException {
    HttpTarget target = server.at(API + "/alias", Map.of("name", model, "alias", alias));
    HttpAnswer answer = http.get(target, headers(server), timeout, MAX_BODY);
    try {
      JsonNode document = MlflowAnswers.read("get alias", answer, bodies.parse(answer));
      return Optional.of(ModelVersion.read(document.path("model_version")));
    } catch (MlflowRefusedException e) {
      if (e.aliasAbsent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The newest version in {@code stage} (MLflow's stage API); empty when there is none. */
  public Optional<ModelVersion> latestInStage(
      MlflowServer server, String model, String stage, Duration timeout)
      throws RefusedException, IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("stages", List.of(stage));
    JsonNode document =
        send("get latest versions", "POST", server, "/get-latest-versions", body, timeout);
    Optional<ModelVersion> newest = Optional.empty();
    for (JsonNode node : document.path("model_versions")) {
      ModelVersion version = ModelVersion.read(node);
      if (version.stage().equalsIgnoreCase(stage)
          && (newest.isEmpty() || version.number() > newest.get().number())) {
        newest = Optional.of(version);
      }
    }
    return newest;
  }

  /** Points {@code alias} at {@code version} (MLflow moves it if it pointed elsewhere). */
  public void setAlias(
      MlflowServer server, String model, String alias, String version, Duration timeout)
      throws RefusedException, IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("alias", alias);
    body.put("version", version);
    send("set alias", "POST", server, "/alias", body, timeout);
  }

  /** Removes {@code alias} from the model. */
  public void deleteAlias(MlflowServer server, String model, String alias, Duration timeout)
      throws RefusedException, IOException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", model);
    body.put("alias", alias);
    send("delete alias", "DELETE", server, "/alias", body, timeout);
  }

  private JsonNode send(
      String call,
      String method,
      MlflowServer server,
      String path,
      Map<String, Object> body,
      Duration timeout)
      throws RefusedException, IOException, InterruptedException {
    HttpAnswer answer =
        post.sendJson(
            method,
            server.at(API + path, Map.of()),
            json(body),
            headers(server),
            timeout,
            MAX_BODY);
    return MlflowAnswers.read(call, answer, bodies.parse(answer));
  }

  private Map<String, String> headers(MlflowServer server) {
    if (!server.configured() || token.isEmpty()) {
      return Map.of();
    }
    return Map.of("Authorization", "Bearer " + token.get().reveal());
  }

  private static byte[] json(Map<String, Object> body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
