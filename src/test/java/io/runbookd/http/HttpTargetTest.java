package io.runbookd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpTargetTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "http://127.0.0.1@evil.example/          | must not carry user information",
        "http://api.example:80@evil.example/     | must not carry user information",
        "http://evil.example#@api.example/       | must not have a fragment",
        "http://api.example/health#x             | must not have a fragment",
        "file:///etc/passwd                      | is not an http or https URL",
        "ftp://api.example/                      | is not an http or https URL",
        "gopher://api.example/                   | is not an http or https URL",
        "javascript:alert(1)                     | is not an http or https URL",
        "//api.example/health                    | is not an http or https URL",
        "http:api.example                        | has no host",
        "http:///health                          | has no host",
        "http://%61pi.example/                   | must not percent-encode its host",
        "http://api%2eexample/                   | must not percent-encode its host",
        "http://api.example\\@evil.example/      | contains a backslash",
        "http://api.example:99999/               | has an invalid port",
        "http://api.example:0/                   | has an invalid port",
        "http://[::1/                            | is not a valid URL",
        "http://api_example/                     | has no valid host name",
        "http://127.1/                           | has no valid host name",
      })
  void refusesUrlsShapedToConfuseAParser(String url, String reason) {
    assertThatThrownBy(() -> HttpTarget.parse(url))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refusesSpacesControlAndNonAsciiCharacters() {
    for (String url :
        new String[] {
          "http://api.example /x", "http://api.example/\r\nHost: evil", "http://аpi.example/"
        }) {
      assertThatThrownBy(() -> HttpTarget.parse(url))
          .as(url)
          .hasMessageContaining("a space, a control or a non-ASCII character");
    }
  }

  @Test
  void refusesEmptyAndOverlongText() {
    String longUrl = "http://api.example/" + "a".repeat(HttpTarget.MAX_LENGTH);

    assertThatThrownBy(() -> HttpTarget.parse("")).hasMessage("must be an http or https URL");
    assertThatThrownBy(() -> HttpTarget.parse(longUrl)).hasMessageContaining("longer than 2048");
  }

  @Test
  void readsHostInLowerCaseAndFillsInTheDefaultPort() throws Exception {
    HttpTarget https = HttpTarget.parse("HTTPS://API.NBA-MCP.com/health");
    HttpTarget http = HttpTarget.parse("http://127.0.0.1:8080/x?y=1");
    HttpTarget v6 = HttpTarget.parse("http://[::1]/");

    assertThat(https.host()).isEqualTo("api.nba-mcp.com");
    assertThat(https.port()).isEqualTo(443);
    assertThat(https.system()).isEqualTo("http:api.nba-mcp.com");
    assertThat(http.port()).isEqualTo(8080);
    assertThat(v6.host()).isEqualTo("[::1]");
    assertThat(v6.port()).isEqualTo(80);
  }

  @Test
  void displayLeavesOutTheQueryWhichMayCarryAToken() throws Exception {
    HttpTarget target = HttpTarget.parse("https://api.example/health?token=s3cr3t");

    assertThat(target.display()).isEqualTo("https://api.example/health?…");
  }

  @Test
  void refusalsDoNotQuoteTheQuery() {
    assertThatThrownBy(() -> HttpTarget.parse("ftp://api.example/x?token=s3cr3t"))
        .hasMessage("'ftp://api.example/x?…' is not an http or https URL");
  }

  @Test
  void refusalsDoNotQuoteUserInformation() {
    assertThatThrownBy(() -> HttpTarget.parse("http://admin:hunter2@api.example/x?token=s3cr3t"))
        .hasMessage("'http://…@api.example/x?…' must not carry user information ('user@host')");
    assertThatThrownBy(() -> HttpTarget.parse("admin:hunter2@api.example/x"))
        .hasMessage("'…@api.example/x' is not an http or https URL");
  }

  @Test
  void followsRedirectsOnTheSameHostOnly() throws Exception {
    HttpTarget from = HttpTarget.parse("http://api.example:8080/old");

    assertThat(from.redirect("/new").uri()).isEqualTo(URI.create("http://api.example:8080/new"));
    assertThat(from.redirect("https://API.example/v2").uri().toString())
        .isEqualTo("https://API.example/v2");
    assertThatThrownBy(() -> from.redirect("http://evil.example/new"))
        .hasMessage("redirect from api.example to another host (evil.example) refused");
    assertThatThrownBy(() -> from.redirect("//evil.example/new"))
        .hasMessageContaining("another host (evil.example)");
    assertThatThrownBy(() -> from.redirect("http://api.example@evil.example/"))
        .hasMessageContaining("user information");
  }

  @Test
  void resolvesARelativeRedirectAgainstAnEmptyPath() throws Exception {
    HttpTarget from = HttpTarget.parse("http://api.example");

    assertThat(from.redirect("health").uri()).isEqualTo(URI.create("http://api.example/health"));
  }

  @Test
  void refusesARedirectFromHttpsDownToHttp() throws Exception {
    HttpTarget from = HttpTarget.parse("https://api.example/old");

    assertThatThrownBy(() -> from.redirect("http://api.example/new"))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessage("redirect from https to http on api.example refused");
  }
}
