package io.runbookd.probes.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.config.Secret;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.mlflow.MlflowRefusedException;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.mlflow.MlflowWire;
import io.runbookd.mlflow.MlflowWire.Version;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code mlflow.model_version} against MLflow 2.x's registry API and wire format. */
class MlflowModelVersionTest {
  static final String TOKEN = "mlflow-token-never-shown";
  private static final String MODEL = "nba_win_predictor";

  private MlflowWire mlflow;
  private MlflowModelVersion probe;

  @BeforeEach
  void start() {
    mlflow = new MlflowWire();
    mlflow.model(
        MODEL,
        new Version("2", "Archived", "run2", Map.of()),
        new Version("3", "Production", "run3", Map.of("semver", "2.1.0")),
        new Version("4", "None", "run4", Map.of()));
    mlflow.alias(MODEL, "production", "3");
    probe = new MlflowModelVersion(registry(mlflow, List.of("127.0.0.1:1")));
  }

  @AfterEach
  void stop() {
    mlflow.close();
  }

  static MlflowRegistry registry(MlflowWire mlflow, List<String> allowedHosts) {
    return new MlflowRegistry(
        Optional.of(URI.create(mlflow.baseUrl())),
        Optional.of(Secret.of(TOKEN)),
        new AllowedHosts(allowedHosts),
        new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC()),
        new BlockingPost(Duration.ofSeconds(2), Clock.systemUTC()));
  }

  private Finding run(Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void readsTheVersionAnAliasPointsAt() throws Exception {
    Finding finding = run(Map.of("model", MODEL, "alias", "production"));

    assertThat(finding.data())
        .containsEntry("found", true)
        .containsEntry("source", "alias")
        .containsEntry("alias_absent", false)
        .containsEntry("version", "3")
        .containsEntry("version_number", 3L)
        .containsEntry("current_stage", "Production")
        .containsEntry("status", "READY")
        .containsEntry("run_id", "run3")
        .containsEntry("aliases", List.of("production"))
        .containsEntry("tags", Map.of("semver", "2.1.0"));
    assertThat(finding.summary())
        .isEqualTo("mlflow: nba_win_predictor@production is version 3, READY");
    LoggedRequest request = mlflow.requests().get(0);
    assertThat(request.getMethod().getName()).isEqualTo("GET");
    assertThat(request.getUrl())
        .isEqualTo(
            "/api/2.0/mlflow/registered-models/alias?alias=production&name=nba_win_predictor");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aMissingAliasIsAFindingNotAFailure() throws Exception {
    Finding finding = run(Map.of("model", MODEL, "alias", "champion"));

    assertThat(finding.data())
        .containsEntry("found", false)
        .containsEntry("alias_absent", true)
        .containsEntry("source", "")
        .doesNotContainKey("version");
    assertThat(finding.summary()).isEqualTo("mlflow: nba_win_predictor: alias champion is not set");
  }

  @Test
  void aMissingAliasFallsBackToTheStage() throws Exception {
    Finding finding = run(Map.of("model", MODEL, "alias", "champion", "stage", "Production"));

    assertThat(finding.data())
        .containsEntry("found", true)
        .containsEntry("source", "stage")
        .containsEntry("alias_absent", true)
        .containsEntry("version", "3");
    LoggedRequest latest = mlflow.requests().get(1);
    assertThat(latest.getUrl()).endsWith("/registered-models/get-latest-versions");
    assertThat(latest.getBodyAsString())
        .isEqualTo("{\"name\":\"nba_win_predictor\",\"stages\":[\"Production\"]}");
  }

  @Test
  void aServerOlderThanAliasesIsReadByStage() throws Exception {
    mlflow.withoutAliasApi();

    Finding finding = run(Map.of("model", MODEL, "alias", "production", "stage", "Production"));

    assertThat(finding.data())
        .containsEntry("source", "stage")
        .containsEntry("version", "3")
        .containsEntry("alias_absent", false);
    assertThat(finding.summary()).contains("the server has no alias API");
    assertThatThrownBy(() -> run(Map.of("model", MODEL, "alias", "production")))
        .isInstanceOfSatisfying(
            MlflowRefusedException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void anEmptyStageIsAFinding() throws Exception {
    Finding finding = run(Map.of("model", MODEL, "stage", "Staging"));

    assertThat(finding.data()).containsEntry("found", false).containsEntry("alias_absent", false);
    assertThat(finding.summary())
        .isEqualTo("mlflow: nba_win_predictor: no version is in stage Staging");
  }

  @Test
  void anUnknownModelIsRefusedWithMlflowsWords() {
    assertThatThrownBy(() -> run(Map.of("model", "no_such_model", "stage", "Production")))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "mlflow get latest versions refused (404 RESOURCE_DOES_NOT_EXIST):"
                + " Registered Model with name=no_such_model not found");
  }

  @Test
  void serverErrorsAreFailuresToAnswerAndNeverShowTheToken() {
    mlflow.server().resetAll();
    mlflow
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.any(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));

    assertThatThrownBy(() -> run(Map.of("model", MODEL, "alias", "production")))
        .isInstanceOf(IOException.class)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void refusedCredentialsAreNamedWithoutTheToken() {
    mlflow.server().resetAll();
    mlflow
        .server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.any(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(
                    com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withStatus(401)
                        .withBody(
                            "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"bad token "
                                + TOKEN
                                + "\"}")));

    assertThatThrownBy(() -> run(Map.of("model", MODEL, "alias", "production")))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("refused runbookd's credentials")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void withoutAConfiguredServerEveryRunIsRefused() {
    MlflowModelVersion unconfigured =
        new MlflowModelVersion(
            new MlflowRegistry(
                Optional.empty(),
                Optional.empty(),
                new AllowedHosts(List.of()),
                new BlockingHttp(Duration.ofSeconds(1), Clock.systemUTC()),
                new BlockingPost(Duration.ofSeconds(1), Clock.systemUTC())));

    assertThatThrownBy(
            () ->
                unconfigured.run(
                    unconfigured.bind(
                        ParamBinder.bind(
                            unconfigured.info().params(),
                            Map.of("model", MODEL, "alias", "production")))))
        .isInstanceOf(RefusedException.class)
        .hasMessageStartingWith("mlflow.url is not configured");
  }

  @Test
  void anotherAllowedServerGetsNoToken() throws Exception {
    // localhost is another host name for the same stub: allowed, but not the configured server
    probe = new MlflowModelVersion(registry(mlflow, List.of("localhost")));
    String other = mlflow.baseUrl().replace("127.0.0.1", "localhost");

    Finding finding = run(Map.of("model", MODEL, "alias", "production", "tracking_url", other));

    assertThat(finding.data()).containsEntry("version", "3");
    assertThat(mlflow.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.containsHeader("Authorization")).isFalse());
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("model", "../registered-models/x"),
        Map.of("model", "a b"),
        Map.of("model", "x&alias=y"),
        Map.of("alias", "latest"),
        Map.of("alias", "v3"),
        Map.of("alias", "prod uction"),
        Map.of("stage", "prod"),
        Map.of("tracking_url", "http://evil.example.com"),
        Map.of("tracking_url", "http://127.0.0.1@evil.example.com/"),
        Map.of("timeout", "5m"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheServer(Map<String, Object> override) {
    Map<String, Object> raw = new HashMap<>(Map.of("model", MODEL, "alias", "production"));
    raw.putAll(override);

    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), raw)))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(mlflow.requests()).isEmpty();
  }

  @Test
  void needsAnAliasOrAStage() {
    assertThatThrownBy(
            () -> probe.bind(ParamBinder.bind(probe.info().params(), Map.of("model", MODEL))))
        .hasMessage("alias: give alias, stage or both");
  }
}
