package io.runbookd.probes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label values crafted to escape the allow-list, and other bad parameters, never run. */
class HttpGetParamsTest {
  private final HttpGet probe =
      new HttpGet(
          new AllowedHosts(List.of("api.nba-mcp.com")),
          new BlockingHttp(Duration.ofSeconds(1), Clock.systemUTC()));

  private void bind(Map<String, Object> raw) throws ParamException {
    probe.bind(ParamBinder.bind(probe.info().params(), raw));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://evil.example/health                   | is not in http.allowedHosts",
        "https://api.nba-mcp.com@evil.example/health    | must not carry user information",
        "https://127.0.0.1@evil.example/                | must not carry user information",
        "https://evil.example#@api.nba-mcp.com/health   | must not have a fragment",
        "file:///etc/passwd                             | is not an http or https URL",
        "ftp://api.nba-mcp.com/health                   | is not an http or https URL",
        "http://169.254.169.254/latest/meta-data/       | is not in http.allowedHosts",
        "https://api%2enba-mcp.com/health               | must not percent-encode its host",
        "https://evil.example\\@api.nba-mcp.com/        | contains a backslash",
      })
  void refusesACraftedUrlNamingTheParameter(String url, String reason) {
    assertThatThrownBy(() -> bind(Map.of("url", url)))
        .isInstanceOf(ParamException.class)
        .hasMessageStartingWith("url: ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((ParamException) e).param()).isEqualTo("url"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "timeout       | 1m      | timeout: must be between 100ms and 30s, got 60000ms",
        "timeout       | 10ms    | timeout: must be between 100ms and 30s, got 10ms",
        "expect_status | 999     | expect_status: must be between 100 and 599, got 999",
      })
  void refusesOutOfRangeValues(String name, String value, String message) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("url", "https://api.nba-mcp.com/health");
    raw.put(name, name.equals("timeout") ? value : (Object) Long.parseLong(value));

    assertThatThrownBy(() -> bind(raw)).hasMessage(message);
  }

  @Test
  void refusesPointerNamesConditionsCannotReadAndMalformedPointers() {
    Map<String, Object> badName =
        Map.of("url", "https://api.nba-mcp.com/health", "pointers", Map.of("db.status", "/db"));
    Map<String, Object> badPointer =
        Map.of("url", "https://api.nba-mcp.com/health", "pointers", Map.of("db", "checks/db"));

    assertThatThrownBy(() -> bind(badName))
        .hasMessage("pointers: 'db.status' is not a field name (letters, digits, _)");
    assertThatThrownBy(() -> bind(badPointer))
        .hasMessage("pointers: db: 'checks/db' is not a JSON pointer such as /checks/db");
  }

  @Test
  void defaultsToStatus200AndFiveSeconds() throws Exception {
    HttpGetParams params =
        probe.bind(
            ParamBinder.bind(
                probe.info().params(), Map.of("url", "https://api.nba-mcp.com/health")));

    assertThat(params.expectStatus()).isEqualTo(200);
    assertThat(params.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(params.pointers()).isEmpty();
  }

  @Test
  void describesItself() {
    assertThat(probe.info().name()).isEqualTo("http.get");
    assertThat(probe.info().params())
        .extracting(p -> p.name())
        .containsExactly("url", "pointers", "expect_status", "timeout");
  }
}
