package io.runbookd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String TOKEN = "0123456789abcdef-token";

  @TempDir Path dir;

  private RunbookdConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("runbookd.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(env).load(file);
  }

  private List<String> problems(String yaml, Map<String, String> env) {
    return ((ConfigException)
            org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml, env)))
        .problems();
  }

  @Test
  void shippedConfigLoadsWithATokenFromTheEnvironment() {
    RunbookdConfig config =
        new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_TOKEN", TOKEN)).load(Path.of("config/runbookd.yaml"));

    assertThat(config.mode()).isEqualTo(Mode.DRY_RUN);
    assertThat(config.server().port()).isEqualTo(9095);
    assertThat(config.webhook().maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(config.store().url()).isEqualTo("jdbc:sqlite:./data/runbookd.db");
    assertThat(config.store().retention()).isEqualTo(java.time.Duration.ofDays(30));
    assertThat(config.kubernetes().namespaces()).containsExactly("nba-mcp");
    assertThat(config.vars()).containsKeys("health_url", "retrain_url");
  }

  @Test
  void logFormatIsTextByDefaultJsonOnRequestAndNothingElse() throws Exception {
    Map<String, String> token = Map.of("RUNBOOKD_WEBHOOK_TOKEN", TOKEN);

    assertThat(load("", token).log().format()).isEqualTo(LogFormat.TEXT);
    assertThat(load("log: {format: json}\n", token).log().format()).isEqualTo(LogFormat.JSON);
    assertThat(load("", Map.of("RUNBOOKD_WEBHOOK_TOKEN", TOKEN, "RUNBOOKD_LOG_FORMAT", "json")).log().format())
        .isEqualTo(LogFormat.JSON);
    assertThat(problems("log: {format: xml}\n", token)).containsExactly("log.format: must be text or json; got 'xml'");
  }

  @Test
  void refusesToStartWithoutAWebhookToken() {
    assertThat(problems("server: {port: 9095}\n", Map.of()))
        .singleElement()
        .asString()
        .startsWith("webhook.token: is required");
  }

  @Test
  void insecureModeNeedsNoToken() throws Exception {
    RunbookdConfig config = load("webhook: {insecure: true}\n", Map.of());

    assertThat(config.webhook().token()).isEmpty();
    assertThat(config.webhook().insecure()).isTrue();
  }

  @Test
  void environmentOverridesKeysMapsAndLists() throws Exception {
    RunbookdConfig config =
        load(
            "webhook: {token: " + TOKEN + "}\ndatasources: {nba_stats: {url: 'jdbc:postgresql://x/y'}}\n",
            Map.of(
                "RUNBOOKD_SERVER_PORT", "9096",
                "RUNBOOKD_WEBHOOK_MAXBODYBYTES", "1MiB",
                "RUNBOOKD_MODE", "observe",
                "RUNBOOKD_DATASOURCES_NBA_STATS_USER", "runbookd",
                "RUNBOOKD_DATASOURCES_OTHER_DB_URL", "jdbc:postgresql://z/w",
                "RUNBOOKD_KUBERNETES_NAMESPACES", "nba-mcp, staging",
                "RUNBOOKD_VARS_HEALTH_URL", "https://h/health",
                "PATH", "/usr/bin"));

    assertThat(config.server().port()).isEqualTo(9096);
    assertThat(config.webhook().maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.mode()).isEqualTo(Mode.OBSERVE);
    assertThat(config.datasources().get("nba_stats").user()).contains("runbookd");
    assertThat(config.datasources().get("other_db").url()).isEqualTo("jdbc:postgresql://z/w");
    assertThat(config.kubernetes().namespaces()).containsExactly("nba-mcp", "staging");
    assertThat(config.vars()).containsEntry("health_url", "https://h/health");
  }

  @Test
  void probesReadTheNamespacesActionsTouchUnlessAReadListSaysOtherwise() throws Exception {
    Map<String, String> insecure = Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true");

    RunbookdConfig byDefault = load("kubernetes: {namespaces: [nba-mcp, staging]}\n", insecure);
    RunbookdConfig wider =
        load("kubernetes: {namespaces: [nba-mcp], readNamespaces: [nba-mcp, monitoring]}\n", insecure);

    assertThat(byDefault.kubernetes().readNamespaces()).containsExactly("nba-mcp", "staging");
    assertThat(wider.kubernetes().namespaces()).containsExactly("nba-mcp");
    assertThat(wider.kubernetes().readNamespaces()).containsExactly("nba-mcp", "monitoring");
    assertThat(problems("kubernetes: {readNamespaces: [Kube_System]}\n", insecure))
        .containsExactly("kubernetes.readNamespaces: 'Kube_System' is not a valid namespace name");
  }

  @Test
  void readsSecretsFromFilesAndNeverPrintsThem() throws Exception {
    Path secret = Files.writeString(dir.resolve("token"), TOKEN + "\n");

    RunbookdConfig config = load("webhook: {tokenFile: " + secret + "}\n", Map.of());

    assertThat(config.webhook().token().orElseThrow().reveal()).isEqualTo(TOKEN);
    assertThat(config.toString()).doesNotContain(TOKEN);
  }

  @Test
  void secretFileFromTheEnvironment() throws Exception {
    Path secret = Files.writeString(dir.resolve("token"), TOKEN);

    RunbookdConfig config = load("{}\n", Map.of("RUNBOOKD_WEBHOOK_TOKENFILE", secret.toString()));

    assertThat(config.webhook().token().orElseThrow().reveal()).isEqualTo(TOKEN);
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheKey() {
    List<String> problems =
        problems(
            "server: {port: 70000, prot: 1}\nmode: yolo\nwebhook: {token: short}\n"
                + "store: {url: 'jdbc:mysql://x'}\nkubernetes: {namespaces: [Bad_NS]}\n",
            Map.of("RUNBOOKD_NO_SUCH_KEY", "1"));

    assertThat(problems)
        .anyMatch(p -> p.startsWith("server.port: must be between"))
        .anyMatch(p -> p.startsWith("server.prot: unknown key; known here: externalUrl, host, port"))
        .anyMatch(p -> p.startsWith("mode: must be one of observe, dry-run, enforce"))
        .anyMatch(p -> p.startsWith("webhook.token: must be at least 16 characters"))
        .anyMatch(p -> p.startsWith("store.url: must be a jdbc:sqlite: (embedded) or jdbc:postgresql: URL"))
        .anyMatch(p -> p.startsWith("kubernetes.namespaces: 'Bad_NS' is not a valid namespace"))
        .anyMatch(p -> p.startsWith("RUNBOOKD_NO_SUCH_KEY: environment variable matches no"));
    assertThat(String.join("\n", problems)).doesNotContain("short");
  }

  @Test
  void refusesAPagerDutyRoutingKeyThatIsNot32CharactersNamingItWithoutItsValue() throws Exception {
    Map<String, String> insecure = Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true");
    Path file = Files.writeString(dir.resolve("pd-key"), "pd-key-of-31-characters-0000000\n");

    assertThat(problems("pagers: {pagerduty: {routingKey: short-key-1234}}\n", insecure))
        .containsExactly("pagers.pagerduty.routingKey: must be a PagerDuty Events v2 integration key"
            + " of 32 characters; got 14");
    assertThat(problems("pagers: {pagerduty: {routingKeyFile: " + file + "}}\n", insecure))
        .singleElement().asString().startsWith("pagers.pagerduty.routingKey: ").endsWith("got 31")
        .doesNotContain("pd-key-of");
    assertThat(load("pagers: {pagerduty: {routingKey: 0123456789abcdef0123456789abcdef}}\n", insecure)
            .pagers().pagerdutyRoutingKey().orElseThrow().reveal())
        .hasSize(32);
  }

  @Test
  void refusesASecretGivenTwice() throws Exception {
    Path secret = Files.writeString(dir.resolve("token"), TOKEN);

    assertThat(problems("webhook: {token: " + TOKEN + ", tokenFile: " + secret + "}\n", Map.of()))
        .anyMatch(p -> p.startsWith("webhook.token: is set both inline and as webhook.tokenFile"));
  }

  @Test
  void rejectsDuplicateYamlKeys() {
    assertThatThrownBy(() -> load("mode: enforce\nmode: dry-run\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("duplicate key mode");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("nope.yaml")))
        .hasMessageContaining("nope.yaml: configuration file not found");
  }

  @Test
  void severityMapIsConfigurableAndChecked() throws Exception {
    RunbookdConfig config =
        load("escalation:\n  severity: {critical: P0, page: P1}\n", Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true"));

    assertThat(config.escalation().severities()).containsEntry("critical", "P0").containsEntry("page", "P1");
    assertThat(problems("escalation:\n  severity: {critical: urgent}\n", Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")))
        .containsExactly("escalation.severity.critical: must be one of P0, P1, P2, P3");
  }

  @Test
  void mlflowServerWithATokenFromAFile() throws Exception {
    Path secret = Files.writeString(dir.resolve("mlflow-token"), "mlflow-secret-token\n");

    RunbookdConfig config =
        load(
            "webhook: {insecure: true}\nmlflow: {url: 'https://mlflow.example.com/tracking'}\n",
            Map.of("RUNBOOKD_MLFLOW_TOKENFILE", secret.toString()));

    assertThat(config.mlflow().url()).contains(java.net.URI.create("https://mlflow.example.com/tracking"));
    assertThat(config.mlflow().token().orElseThrow().reveal()).isEqualTo("mlflow-secret-token");
    assertThat(config.toString()).doesNotContain("mlflow-secret-token");
    assertThat(load("webhook: {insecure: true}\n", Map.of()).mlflow().url()).isEmpty();
  }

  @Test
  void mlflowUrlIsAPlainHttpBaseAndATokenNeedsIt() {
    Map<String, String> insecure = Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true");

    assertThat(problems("mlflow: {url: 'https://user:pw@mlflow.example.com'}\n", insecure))
        .singleElement()
        .asString()
        .startsWith("mlflow.url: must be a plain base URL without user information")
        .doesNotContain("pw@");
    assertThat(problems("mlflow: {url: 'ftp://mlflow.example.com'}\n", insecure))
        .containsExactly("mlflow.url: must be an http(s) URL with a host");
    assertThat(problems("mlflow: {token: mlflow-secret-token}\n", insecure))
        .containsExactly("mlflow.token: is set, but mlflow.url is not: set the server it is for");
  }
}
