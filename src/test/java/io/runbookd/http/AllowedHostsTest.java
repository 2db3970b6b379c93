package io.runbookd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedHostsTest {
  private final AllowedHosts allowed =
      new AllowedHosts(List.of("API.nba-mcp.com", "127.0.0.1", "metrics.example:9090", "[::1]"));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://evil.example/health                 | host evil.example, port 443",
        "http://10.0.0.1/                            | host 10.0.0.1, port 80",
        "http://2130706433/                          | host 2130706433",
        "http://0x7f000001/                          | host 0x7f000001",
        "https://api.nba-mcp.com.evil.example/       | host api.nba-mcp.com.evil.example",
        "https://x.api.nba-mcp.com/                  | host x.api.nba-mcp.com",
        "https://nba-mcp.com/                        | host nba-mcp.com",
        "https://api.nba-mcp.com./                   | host api.nba-mcp.com.",
        "http://metrics.example/                     | host metrics.example, port 80",
        "http://metrics.example:9091/                | host metrics.example, port 9091",
        "http://[::2]/                               | host [::2]",
      })
  void refusesHostsNotListedExactly(String url, String detail) {
    assertThatThrownBy(() -> allowed.target(url))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("is not in http.allowedHosts (" + detail)
        .hasMessageContaining("allowed: api.nba-mcp.com, 127.0.0.1, metrics.example:9090, [::1])");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.nba-mcp.com/health",
        "HTTPS://API.NBA-MCP.COM/health",
        "http://api.nba-mcp.com:8443/health",
        "http://127.0.0.1:8080/x",
        "http://metrics.example:9090/",
        "http://[::1]:9090/metrics",
      })
  void allowsListedHostsOnAnyPortUnlessTheEntryNamesOne(String url) throws Exception {
    HttpTarget target = allowed.target(url);

    assertThat(target.uri().toString()).isEqualTo(url);
  }

  @Test
  void theDefaultPortCountsForAnEntryWithAPort() throws Exception {
    AllowedHosts https = new AllowedHosts(List.of("api.example:443"));

    assertThat(https.target("https://api.example/").port()).isEqualTo(443);
    assertThatThrownBy(() -> https.target("http://api.example/")).hasMessageContaining("port 80");
  }

  @Test
  void anEmptyListRefusesEveryUrl() {
    AllowedHosts none = new AllowedHosts(List.of());

    assertThatThrownBy(() -> none.target("https://api.nba-mcp.com/health"))
        .hasMessage("'https://api.nba-mcp.com/health' refused: http.allowedHosts is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://api.example", "api.example/health", "api.example:0", "", "a b"})
  void refusesConfiguredEntriesThatAreNotHosts(String entry) {
    assertThatThrownBy(() -> new AllowedHosts(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.allowedHosts: '" + entry + "' is not a host name or host:port");
  }

  @Test
  void theUrlCheckAppliesShapeRulesThenTheList() {
    var check = allowed.urlCheck();

    assertThat(check.problem("https://api.nba-mcp.com/health")).isEmpty();
    assertThat(check.problem("http://127.0.0.1@evil.example/"))
        .hasValueSatisfying(p -> assertThat(p).contains("must not carry user information"));
    assertThat(check.problem("https://evil.example/"))
        .hasValueSatisfying(p -> assertThat(p).contains("is not in http.allowedHosts"));
  }
}
