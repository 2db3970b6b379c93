package io.runbookd.actions.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.config.Secret;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.mlflow.MlflowRegistry;
import io.runbookd.mlflow.MlflowWire;
import io.runbookd.mlflow.MlflowWire.Version;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Plugin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mlflow.set_alias} and {@code mlflow.delete_alias} against MLflow 2.x's registry API: the
 * promotion of RB-001 and its rollback to exactly the previous version.
 */
class SetAliasTest {
  private static final String MODEL = "nba_win_predictor";
  private static final Map<String, Object> PROMOTE =
      Map.of("model", MODEL, "alias", "production", "version", "4");

  private MlflowWire mlflow;
  private SetAlias setAlias;
  private DeleteAlias deleteAlias;

  @BeforeEach
  void start() {
    mlflow = new MlflowWire();
    mlflow.model(
        MODEL,
        new Version("3", "Production", "run3", Map.of("semver", "2.1.0")),
        new Version("4", "None", "run4", Map.of("semver", "2.2.0")));
    mlflow.alias(MODEL, "production", "3");
    MlflowRegistry registry =
        new MlflowRegistry(
            Optional.of(URI.create(mlflow.baseUrl())),
            Optional.of(Secret.of("mlflow-token")),
            new AllowedHosts(List.of()),
            new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC()),
            new BlockingPost(Duration.ofSeconds(2), Clock.systemUTC()));
    setAlias = new SetAlias(registry);
    deleteAlias = new DeleteAlias(registry);
  }

  @AfterEach
  void stop() {
    mlflow.close();
  }

  private static <P> P bind(Plugin<P> plugin, Map<String, Object> raw) throws Exception {
    return plugin.bind(ParamBinder.bind(plugin.info().params(), raw));
  }

  private List<String> writes() {
    return mlflow.requests().stream()
        .filter(r -> !r.getMethod().getName().equals("GET"))
        .map(r -> r.getMethod().getName() + " " + r.getUrl() + " " + r.getBodyAsString())
        .toList();
  }

  @Test
  void movesTheAliasAndKeepsThePreviousVersion() throws Exception {
    Outcome done = setAlias.execute(bind(setAlias, PROMOTE));

    assertThat(done.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(done.detail())
        .isEqualTo("moved MLflow alias nba_win_predictor@production from version 3 to version 4");
    assertThat(done.data())
        .containsEntry("previous_version", "3")
        .containsEntry("had_previous", true)
        .containsEntry("version", "4");
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("4");
    assertThat(writes())
        .containsExactly(
            "POST /api/2.0/mlflow/registered-models/alias"
                + " {\"name\":\"nba_win_predictor\",\"alias\":\"production\",\"version\":\"4\"}");
    LoggedRequest post = mlflow.requests().get(1);
    assertThat(post.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(post.getHeader("Authorization")).isEqualTo("Bearer mlflow-token");
  }

  @Test
  void aSecondRunIsNotNeededAndWritesNothing() throws Exception {
    AliasParams p = bind(setAlias, PROMOTE);
    setAlias.execute(p);
    mlflow.server().resetRequests();

    assertThat(setAlias.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(writes()).isEmpty();
  }

  @Test
  void undoRestoresExactlyThePreviousVersion() throws Exception {
    AliasParams p = bind(setAlias, PROMOTE);
    Outcome done = setAlias.execute(p);

    Undo undo = setAlias.undo(p, done).orElseThrow();
    Outcome undone = setAlias.execute(bind(setAlias, undo.params()));

    assertThat(undo)
        .isEqualTo(
            new Undo(
                "mlflow.set_alias", Map.of("model", MODEL, "alias", "production", "version", "3")));
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("3");
    assertThat(setAlias.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void undoOfAnAliasThatWasNotSetDeletesIt() throws Exception {
    AliasParams p = bind(setAlias, Map.of("model", MODEL, "alias", "champion", "version", "4"));
    Outcome done = setAlias.execute(p);

    Undo undo = setAlias.undo(p, done).orElseThrow();
    Outcome undone = deleteAlias.execute(bind(deleteAlias, undo.params()));

    assertThat(done.data())
        .containsEntry("had_previous", false)
        .doesNotContainKey("previous_version");
    assertThat(undo)
        .isEqualTo(new Undo("mlflow.delete_alias", Map.of("model", MODEL, "alias", "champion")));
    assertThat(undone.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(mlflow.aliasOf(MODEL, "champion")).isNull();
    assertThat(writes())
        .last()
        .asString()
        .isEqualTo(
            "DELETE /api/2.0/mlflow/registered-models/alias"
                + " {\"name\":\"nba_win_predictor\",\"alias\":\"champion\"}");
  }

  @Test
  void deleteAliasIsUndoneByPointingItBack() throws Exception {
    AliasParams p = bind(deleteAlias, Map.of("model", MODEL, "alias", "production"));
    Outcome done = deleteAlias.execute(p);

    assertThat(deleteAlias.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(deleteAlias.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    Undo undo = deleteAlias.undo(p, done).orElseThrow();
    setAlias.execute(bind(setAlias, undo.params()));

    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("3");
    assertThat(deleteAlias.recheck(p, Instant.now()).status())
        .isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void recheckOnlyReads() throws Exception {
    AliasParams p = bind(setAlias, PROMOTE);
    assertThat(setAlias.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.NOT_APPLIED);

    setAlias.execute(p);

    mlflow.server().resetRequests();
    assertThat(setAlias.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(writes()).isEmpty();
  }

  @Test
  void aVersionTheRegistryDoesNotHaveFailsWithMlflowsWords() throws Exception {
    Outcome outcome =
        setAlias.execute(
            bind(setAlias, Map.of("model", MODEL, "alias", "production", "version", "9")));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail())
        .isEqualTo(
            "mlflow set alias refused (404 RESOURCE_DOES_NOT_EXIST):"
                + " Model Version (name=nba_win_predictor, version=9) not found");
    assertThat(mlflow.aliasOf(MODEL, "production")).isEqualTo("3");
  }

  @Test
  void describesItsTargetAndItsNature() throws Exception {
    AliasParams p = bind(setAlias, PROMOTE);

    assertThat(setAlias.describe(p))
        .isEqualTo("point MLflow alias nba_win_predictor@production at version 4");
    assertThat(setAlias.target(p))
        .isEqualTo(
            new Target(
                "mlflow", "registered-model/nba_win_predictor/alias/production", Optional.empty()));
    assertThat(deleteAlias.target(bind(deleteAlias, Map.of("model", MODEL, "alias", "production"))))
        .isEqualTo(setAlias.target(p));
    for (Action<?> action : List.<Action<?>>of(setAlias, deleteAlias)) {
      assertThat(action.reversibility()).isEqualTo(Reversibility.REVERSIBLE);
      assertThat(action.retrySafe()).isTrue();
    }
    assertThat(mlflow.requests()).isEmpty();
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("version", "2.2.0"),
        Map.of("version", "v4"),
        Map.of("version", "0"),
        Map.of("version", "-1"),
        Map.of("version", "4&alias=x"),
        Map.of("version", 4.5),
        Map.of("model", "a/b"),
        Map.of("alias", "latest"),
        Map.of("alias", "pro\nduction"),
        Map.of("tracking_url", "https://mlflow.evil.example.com"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingTheServer(Map<String, Object> override) {
    Map<String, Object> raw = new HashMap<>(PROMOTE);
    raw.putAll(override);

    assertThatThrownBy(() -> bind(setAlias, raw))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(mlflow.requests()).isEmpty();
  }

  @Test
  void aSemanticVersionIsRefusedAsATag() {
    Map<String, Object> raw = new HashMap<>(PROMOTE);
    raw.put("version", "2.2.0");

    assertThatThrownBy(() -> bind(setAlias, raw))
        .hasMessage(
            "version: '2.2.0' is not an MLflow model version: MLflow numbers versions"
                + " 1, 2, 3…; a semantic version such as 2.1.0 is a tag");
  }

  @Test
  void aWholeNumberInYamlIsTheVersion() throws Exception {
    AliasParams p = bind(setAlias, Map.of("model", MODEL, "alias", "production", "version", 4));

    assertThat(p.version()).contains("4");
  }
}
