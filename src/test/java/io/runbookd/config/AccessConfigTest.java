package io.runbookd.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code api.readToken} and {@code slack.*}: who may read, and who may decide from Slack. */
class AccessConfigTest {
  private static final Map<String, String> ENV = Map.of("RUNBOOKD_WEBHOOK_TOKEN", "0123456789abcdef-token");

  @TempDir Path dir;

  private RunbookdConfig load(String yaml) throws Exception {
    Path file = dir.resolve("runbookd.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(ENV).load(file);
  }

  private List<String> problems(String yaml) {
    return ((ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml))).problems();
  }

  @Test
  void readTokenIsASecretFromAFileAndNeverPrinted() throws Exception {
    Path secret = dir.resolve("read-token");
    Files.writeString(secret, "read-token-0123456789\n");

    RunbookdConfig config = load("api: {readTokenFile: " + secret + "}\n");

    assertThat(config.api().readToken()).get().extracting(Secret::reveal).isEqualTo("read-token-0123456789");
    assertThat(config.api().token()).isEmpty();
    assertThat(config.api().toString()).doesNotContain("read-token-0123456789");
  }

  @Test
  void readTokenIsAtLeastSixteenCharactersAndDiffersFromTheAdminToken() {
    assertThat(problems("api: {readToken: short}\n"))
        .containsExactly("api.readToken: must be at least 16 characters long");
    assertThat(problems("api: {token: same-token-0123456789, readToken: same-token-0123456789}\n"))
        .containsExactly("api.readToken: must differ from api.token: the read token decides nothing");
  }

  @Test
  void slackApprovalsNeedASecretAndApprovers() throws Exception {
    RunbookdConfig none = load("");
    RunbookdConfig slack = load("slack: {signingSecret: 8f742231b10e8888abcd99yyyzzz85a5, approvers: [U0123ABCD, W999]}\n");

    assertThat(none.slack().signingSecret()).isEmpty();
    assertThat(none.slack().responseUrlPrefix()).isEqualTo("https://hooks.slack.com/");
    assertThat(slack.slack().approvers()).containsExactly("U0123ABCD", "W999");
    assertThat(problems("slack: {signingSecret: 8f742231b10e8888abcd99yyyzzz85a5}\n"))
        .containsExactly("slack.approvers: is empty while slack.signingSecret is set: nobody could decide from Slack");
    assertThat(problems("slack: {approvers: [U0123ABCD]}\n"))
        .containsExactly("slack.approvers: is set, but slack.signingSecret is not: set the Slack app's signing secret");
  }

  @Test
  void slackSettingsAreChecked() {
    assertThat(problems("slack: {signingSecret: 8f742231b10e8888abcd99yyyzzz85a5, approvers: ['<@here>'],"
        + " responseUrlPrefix: 'https://hooks.slack.com'}\n"))
        .containsExactlyInAnyOrder(
            "slack.approvers: '??here?' is not a Slack user id such as U0123ABCD",
            "slack.responseUrlPrefix: must be a plain http(s) URL ending in '/', such as https://hooks.slack.com/");
    assertThat(problems("slack: {signingSecret: short, approvers: [U1234]}\n"))
        .contains("slack.signingSecret: must be at least 16 characters long");
  }
}
