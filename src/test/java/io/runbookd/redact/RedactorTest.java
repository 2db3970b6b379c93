package io.runbookd.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Redaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private static final PluginInfo PLUGIN =
      new PluginInfo(
              "test.call",
              "Calls.",
              "",
              List.of(
                  param("url", ParamType.STRING).redacted(Redaction.URL),
                  param("body", ParamType.STRING_MAP).redacted(Redaction.BODY),
                  param("headers", ParamType.STRING_MAP).sensitive(),
                  param("token", ParamType.STRING).sensitive(),
                  param("namespace", ParamType.STRING)),
              List.of())
          .withSensitiveData("rows", "pods.sample");

  private final Redactor redactor = Redactor.of(PLUGIN);

  private static Param param(String name, ParamType type) {
    return Param.optional(name, type, name, Check.NONE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://api.example.com:8443/health?token=abc#top | https://api.example.com:8443/health?…#…",
        "http://admin:hunter2@db.example.com/x | http://…@db.example.com/x",
        "postgresql://u:p%40ss@127.0.0.1:5432/nba?sslmode=disable | postgresql://…@127.0.0.1:5432/nba?…",
        "'http://admin:hunter2@h/p?…' must not carry user information | 'http://…@h/p?…' must not carry user information",
        "GET https://h/p?… → 200 | GET https://h/p?… → 200",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30 sent | Authorization: Bearer [redacted] sent",
        "no url here, just text: a=b | no url here, just text: a=b"
      })
  void textKeepsSchemeHostPortAndPathOfEveryUrl(String line, String recorded) {
    assertThat(Redactor.TEXT.text(line)).isEqualTo(recorded);
  }

  @Test
  void scrubbingTwiceChangesNothingMore() {
    String once = Redactor.TEXT.text("see http://a:b@h:1/p?q=1#f and https://x/y?z");

    assertThat(Redactor.TEXT.text(once)).isEqualTo(once).isEqualTo("see http://…@h:1/p?…#… and https://x/y?…");
  }

  @Test
  void paramsAreRecordedAsTheirMarksSay() {
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("url", "https://u:pw@retrain.example.com/v1/train?key=k1");
    resolved.put("body", Map.of("model", "nba"));
    resolved.put("headers", Map.of("X-Api-Key", "k2", "Accept", "application/json"));
    resolved.put("token", "t0k3n");
    resolved.put("namespace", "nba-mcp");

    Map<String, Object> recorded = redactor.params(resolved);

    assertThat(recorded).containsExactly(
        Map.entry("url", "https://…@retrain.example.com/v1/train?…"),
        Map.entry("body", Map.of("sha256", sha256("{\"model\":\"nba\"}"), "bytes", 15L)),
        Map.entry("headers", Map.of("X-Api-Key", Redactor.MARK, "Accept", Redactor.MARK)),
        Map.entry("token", Redactor.MARK),
        Map.entry("namespace", "nba-mcp"));
    assertThat(resolved.get("token")).isEqualTo("t0k3n");
  }

  @Test
  void aUrlParameterWithoutSchemeStillLosesUserInformationAndQuery() {
    Map<String, Object> recorded = redactor.params(Map.of("url", "user:pw@host/path?token=x"));

    assertThat(recorded.get("url")).isEqualTo("…@host/path?…");
  }

  @Test
  void unmarkedValuesStillLoseUrlSecrets() {
    Map<String, Object> recorded = Redactor.TEXT.params(Map.of("target", List.of("http://a:b@h/?q=1")));

    assertThat(recorded.get("target")).isEqualTo(List.of("http://…@h/?…"));
  }

  @Test
  void bodyDigestIsTheDigestOfTheJsonJacksonSends() throws Exception {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("model", "nba_win_predictor");
    body.put("reason", "drift \"high\"\n\u0001 é ✓ \\ /");
    byte[] sent = new ObjectMapper().writeValueAsBytes(body);

    Object recorded = redactor.params(Map.of("body", body)).get("body");

    assertThat(recorded).isEqualTo(Map.of(
        "sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sent)),
        "bytes", (long) sent.length));
  }

  @Test
  void textBodyIsHashedAsItsUtf8Bytes() {
    Object recorded = redactor.params(Map.of("body", "é")).get("body");

    assertThat(recorded).isEqualTo(Map.of("sha256", sha256("é"), "bytes", 2L));
  }

  @Test
  void sensitiveDataKeysAreReplacedThroughListsKeepingShape() {
    Map<String, Object> data = Map.of(
        "rows", List.of(Map.of("user", "alice", "count", 3L)),
        "pods", List.of(Map.of("name", "web-1", "sample", List.of("password=x", "ERROR y"))),
        "count", 1L);

    Map<String, Object> recorded = redactor.data(data);

    assertThat(recorded.get("rows")).isEqualTo(List.of(Map.of("user", Redactor.MARK, "count", Redactor.MARK)));
    assertThat(recorded.get("pods"))
        .isEqualTo(List.of(Map.of("name", "web-1", "sample", List.of(Redactor.MARK, Redactor.MARK))));
    assertThat(recorded.get("count")).isEqualTo(1L);
  }

  @Test
  void dataWithoutTheMarkedKeysIsOnlyScrubbed() {
    Map<String, Object> recorded = redactor.data(Map.of("url", "https://h/p?sig=1", "pods", "none"));

    assertThat(recorded).isEqualTo(Map.of("url", "https://h/p?…", "pods", "none"));
  }

  @Test
  void stepTextLosesEverySecretValueOfTheStep() {
    Map<String, Object> resolved = Map.of(
        "url", "https://h/p?key=k1-secret", "token", "t0k3n", "body", Map.of("q", "passphrase"));
    Map<String, Object> data = Map.of("rows", List.of(Map.of("error_type", "Timeout", "count", 3L)));

    String line = redactor.text(
        "sent t0k3n and passphrase, key=k1-secret; first: error_type=Timeout, count=3", resolved, data);

    assertThat(line).isEqualTo(
        "sent [redacted] and [redacted], [redacted]; first: error_type=[redacted], count=3");
  }

  @Test
  void shortSecretsAreNotSearchedForInText() {
    String line = redactor.text("a b c", Map.of("token", "a"), Map.of());

    assertThat(line).isEqualTo("a b c");
  }

  @Test
  void nullsPassThrough() {
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("token", null);
    resolved.put("body", null);

    assertThat(redactor.params(resolved)).containsEntry("token", null).containsEntry("body", null);
    assertThat(Redactor.TEXT.text(null)).isNull();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
