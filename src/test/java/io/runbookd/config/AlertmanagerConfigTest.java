package io.runbookd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alertmanager.url} (one or a list), its token, and {@code server.externalUrl}. */
class AlertmanagerConfigTest {
  private static final String INSECURE = "webhook: {insecure: true}\n";

  @TempDir Path dir;

  private RunbookdConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("runbookd.yaml"), INSECURE + yaml);
    return new ConfigLoader(env).load(file);
  }

  private List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> load(yaml, Map.of())).problems();
  }

  @Test
  void noAlertmanagerMeansNoSilences() throws Exception {
    RunbookdConfig config = load("", Map.of());

    assertThat(config.alertmanager().urls()).isEmpty();
    assertThat(config.server().externalUrl()).isEmpty();
  }

  @Test
  void oneUrlOrAListForAnHaPair() throws Exception {
    assertThat(load("alertmanager: {url: 'http://am-0:9093'}\n", Map.of()).alertmanager().urls())
        .containsExactly(URI.create("http://am-0:9093"));
    assertThat(
            load("alertmanager: {url: ['http://am-0:9093', 'http://am-1:9093']}\n", Map.of())
                .alertmanager()
                .urls())
        .containsExactly(URI.create("http://am-0:9093"), URI.create("http://am-1:9093"));
    assertThat(
            load("", Map.of("RUNBOOKD_ALERTMANAGER_URL", "http://am-0:9093,http://am-1:9093"))
                .alertmanager()
                .urls())
        .hasSize(2);
  }

  @Test
  void theTokenComesFromAFileAndNeverPrints() throws Exception {
    Path secret = Files.writeString(dir.resolve("am-token"), "am-secret-token\n");

    RunbookdConfig config =
        load("alertmanager: {url: 'https://am.example.com', tokenFile: '" + secret + "'}\n", Map.of());

    assertThat(config.alertmanager().token().orElseThrow().reveal()).isEqualTo("am-secret-token");
    assertThat(config.toString()).doesNotContain("am-secret-token");
  }

  @Test
  void refusesUrlsThatAreNotPlainHttpBases() {
    assertThat(problems("alertmanager: {url: 'ftp://am:21'}\n"))
        .containsExactly("alertmanager.url: must be an http(s) URL with a host");
    assertThat(problems("alertmanager: {url: 'http://user:pw@am:9093'}\n"))
        .containsExactly(
            "alertmanager.url: must be a plain base URL without user information, query or fragment");
    assertThat(problems("alertmanager: {url: ['http://am:9093', 'http://am:9093']}\n"))
        .containsExactly("alertmanager.url: lists http://am:9093 twice");
    assertThat(problems("alertmanager: {token: 'abc'}\n"))
        .containsExactly(
            "alertmanager.token: is set, but alertmanager.url is not: set the Alertmanager it is for");
    assertThat(problems("server: {externalUrl: 'runbookd.example.com'}\n"))
        .containsExactly("server.externalUrl: must be an http(s) URL with a host");
  }

  @Test
  void externalUrlMakesIncidentLinks() throws Exception {
    assertThat(load("server: {externalUrl: 'https://runbookd.example.com'}\n", Map.of()).server().externalUrl())
        .contains(URI.create("https://runbookd.example.com"));
  }
}
