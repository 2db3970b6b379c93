package io.runbookd.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A canary in every place a step can carry a secret (a URL's query and user information, a
 * header, a body, a parameter marked sensitive, sensitive data) never survives redaction, in the
 * recorded parameters, data or a message that quotes them.
 */
class RedactorCanaryTest {
  private static final String CANARY = "CANARY5d1e9a7c3b2f4e80";

  private static final PluginInfo PLUGIN =
      new PluginInfo(
              "test.call",
              "Calls an endpoint.",
              "",
              List.of(
                  param("url", ParamType.STRING).redacted(Redaction.URL),
                  param("userinfo_url", ParamType.STRING).redacted(Redaction.URL),
                  param("headers", ParamType.STRING_MAP).sensitive(),
                  param("body", ParamType.STRING_MAP).redacted(Redaction.BODY),
                  param("api_key", ParamType.STRING).sensitive()),
              List.of())
          .withSensitiveData("response.lines");

  private final Redactor redactor = Redactor.of(PLUGIN);
  private final ObjectMapper json = new ObjectMapper();

  private static Param param(String name, ParamType type) {
    return Param.optional(name, type, name, Check.NONE);
  }

  private static Map<String, Object> resolved() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("url", "https://api.example.com/v1/run?sig=" + CANARY);
    params.put("userinfo_url", "https://ops:" + CANARY + "@api.example.com/v1/run");
    params.put("headers", Map.of("Authorization", "Bearer " + CANARY));
    params.put("body", Map.of("password", CANARY));
    params.put("api_key", CANARY);
    return params;
  }

  private static Map<String, Object> data() {
    return Map.of(
        "response", Map.of("lines", List.of("token " + CANARY)),
        "called", "https://api.example.com/v1/run?sig=" + CANARY,
        "echo", "Authorization: Bearer " + CANARY);
  }

  @Test
  void noCanarySurvivesInRecordedParamsDataOrMessages() throws Exception {
    Map<String, Object> params = resolved();
    Map<String, Object> data = data();

    String recorded = json.writeValueAsString(Map.of(
        "params", redactor.params(params),
        "data", redactor.data(data),
        "detail", redactor.text("POST " + params.get("url") + " with " + params.values(), params, data),
        "summary", redactor.text("answered " + data.get("response"), params, data)));

    assertThat(recorded).doesNotContain(CANARY).contains("api.example.com/v1/run");
    assertThat(json.writeValueAsString(params)).contains(CANARY);
  }

  @Test
  void aMessageWithoutItsStepStillLosesUrlAndBearerCanaries() {
    String line = "GET https://ops:" + CANARY + "@h/p?sig=" + CANARY + " sent Bearer " + CANARY;

    assertThat(Redactor.TEXT.text(line)).doesNotContain(CANARY).isEqualTo(
        "GET https://…@h/p?… sent Bearer [redacted]");
  }
}
