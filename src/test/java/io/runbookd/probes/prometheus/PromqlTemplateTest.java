package io.runbookd.probes.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Alert text reaches a query only as a quoted string literal. */
class PromqlTemplateTest {
  private final PrometheusQuery probe =
      new PrometheusQuery(
          Optional.empty(), new BlockingHttp(Duration.ofSeconds(1), Clock.systemUTC()));

  private String bind(String query, Map<String, String> args) throws ParamException {
    Map<String, Object> raw = Map.of("query", query, "args", args);
    return probe.bind(ParamBinder.bind(probe.info().params(), raw)).query();
  }

  @Test
  void insertsEachArgAsAnEscapedStringLiteral() throws Exception {
    String query = bind("up{namespace=$ns, pod=~$pod}", Map.of("ns", "nba-mcp", "pod", "a\\\"b"));

    assertThat(query).isEqualTo("up{namespace=\"nba-mcp\", pod=~\"a\\\\\\\"b\"}");
  }

  @Test
  void aCraftedLabelStaysInsideItsString() throws Exception {
    String query = bind("sum(up{namespace=$ns})", Map.of("ns", "x\"}) or vector(1) or up{a=\""));

    assertThat(query).isEqualTo("sum(up{namespace=\"x\\\"}) or vector(1) or up{a=\\\"\"})");
  }

  @Test
  void leavesADollarThatNamesNothingAlone() throws Exception {
    String query = bind("up{path=~\"/api$\"}", Map.of());

    assertThat(query).isEqualTo("up{path=~\"/api$\"}");
  }

  @Test
  void refusesAPlaceholderWithoutAnArg() {
    assertThatThrownBy(() -> bind("up{namespace=$ns}", Map.of()))
        .isInstanceOf(ParamException.class)
        .hasMessage("query: uses $ns, but args has no 'ns'");
  }

  @Test
  void refusesAQuotedPlaceholderBecauseRunbookdQuotesIt() {
    assertThatThrownBy(() -> bind("up{namespace=\"$ns\"}", Map.of("ns", "nba-mcp")))
        .hasMessage("query: write $ns without quotes: runbookd inserts it as a quoted string");
  }

  @Test
  void refusesAnArgTheQueryDoesNotUse() {
    assertThatThrownBy(() -> bind("up", Map.of("ns", "nba-mcp")))
        .hasMessage("args: not used in query: ns");
  }

  @Test
  void refusesControlCharactersAndBadNames() {
    assertThatThrownBy(() -> bind("up{namespace=$ns}", Map.of("ns", "a\nb")))
        .hasMessage("args: ns: at most 1024 characters, no control characters");
    assertThatThrownBy(() -> bind("up{namespace=$ns}", Map.of("n-s", "a")))
        .hasMessage("args: 'n-s' is not an arg name (letters, digits, _)");
    assertThatThrownBy(() -> bind("up\u0000", Map.of()))
        .hasMessage("query: must not contain control characters");
  }

  @Test
  void allowsMultiLineQueries() throws Exception {
    String query = bind("sum(\n  rate(x[5m])\n)", Map.of());

    assertThat(query).isEqualTo("sum(\n  rate(x[5m])\n)");
  }

  @Test
  void refusesAnEmptyOrOverlongQuery() {
    assertThatThrownBy(() -> bind(" ", Map.of()))
        .hasMessage("query: must be PromQL of 1 to 4096 characters");
    assertThatThrownBy(() -> bind("x".repeat(4097), Map.of()))
        .hasMessage("query: must be PromQL of 1 to 4096 characters");
  }
}
