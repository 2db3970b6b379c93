package io.runbookd.probes.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.aws.AwsClients;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Binding {@code aws.cloudwatch_metric}: defaults, and crafted values (as alert labels could carry
 * them) refused by the binder, naming the parameter, before any call is made.
 */
class CloudWatchMetricParamsTest {
  private static final String LONG = "a".repeat(300);
  // Never called: binding happens before any client is built.
  private static final AwsClients CLIENTS =
      new AwsClients(new RunbookdConfig.Aws(Optional.empty(), Optional.empty()));
  private static final CloudWatchMetric PROBE = new CloudWatchMetric(CLIENTS, Clock.systemUTC());

  @AfterAll
  static void close() {
    CLIENTS.close();
  }

  private static CloudWatchMetricParams bind(Map<String, Object> raw) throws ParamException {
    return PROBE.bind(ParamBinder.bind(PROBE.info().params(), raw));
  }

  private static Map<String, Object> with(String param, Object value) {
    Map<String, Object> raw = new HashMap<>(CloudWatchMetricTest.seedParams());
    raw.put(param, value);
    return raw;
  }

  @Test
  void defaultsToFiveMinuteAveragesOverTheLastHour() throws Exception {
    CloudWatchMetricParams params =
        bind(Map.of("namespace", "AWS/RDS", "metric", "CPUUtilization"));

    assertThat(params.statistic()).isEqualTo(Statistic.AVERAGE);
    assertThat(params.period()).isEqualTo(Duration.ofMinutes(5));
    assertThat(params.window()).isEqualTo(Duration.ofHours(1));
    assertThat(params.dimensions()).isEmpty();
    assertThat(PROBE.system(params)).isEqualTo("aws:cloudwatch");
  }

  @Test
  void acceptsOrdinaryLabelTextAsDimensionValues() throws Exception {
    CloudWatchMetricParams params =
        bind(
            with(
                "dimensions",
                Map.of("DBInstanceIdentifier", "nba mcp/prod:1 é", "Role", "WRITER")));

    assertThat(params.dimensions())
        .containsExactly(
            Map.entry("DBInstanceIdentifier", "nba mcp/prod:1 é"), Map.entry("Role", "WRITER"));
  }

  static Stream<Arguments> craftedValues() {
    Map<String, String> tooMany =
        IntStream.range(0, 31).boxed().collect(Collectors.toMap(i -> "D" + i, i -> "v"));
    return Stream.of(
            Stream.of("AWS/RDS\n", "AWS RDS", "", "a".repeat(256), "AWS/RDS;rm", "AWS/RDS\u0000")
                .map(v -> Arguments.of("namespace", v)),
            Stream.of("CPU Utilization", "CPU\r\nX-Injected: 1", LONG)
                .map(v -> Arguments.of("metric", v)),
            Stream.of(
                    Map.of("DBInstanceIdentifier", "nba-mcp-prod\nforged line"),
                    Map.of("DBInstanceIdentifier", "nba\u0000mcp"),
                    Map.of("DBInstanceIdentifier", "nba\u001b[31mmcp"),
                    Map.of("DBInstanceIdentifier", "nba\u2028mcp"),
                    Map.of("DBInstanceIdentifier", "nba\u202Emcp"),
                    Map.of("DBInstanceIdentifier", LONG),
                    Map.of("DBInstanceIdentifier", ""),
                    Map.of("DBInstanceIdentifier", "  "),
                    Map.of(":Name", "v"),
                    Map.of("Na\tme", "v"),
                    Map.of("Ñame", "v"),
                    Map.of(LONG, "v"),
                    tooMany,
                    List.of("nba-mcp-prod"))
                .map(v -> Arguments.of("dimensions", v)),
            Stream.of("average", "p99", "", "Average\n").map(v -> Arguments.of("statistic", v)),
            Stream.of("30s", "90s", "0s", "1500ms", "five").map(v -> Arguments.of("period", v)),
            Stream.of("25h", "2d", "30s", "0s").map(v -> Arguments.of("window", v)))
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("craftedValues")
  void refusesCraftedValuesNamingTheParameter(String param, Object value) {
    Map<String, Object> raw = with(param, value);

    assertThatThrownBy(() -> bind(raw))
        .isInstanceOfSatisfying(ParamException.class, e -> assertThat(e.param()).isEqualTo(param));
  }

  @Test
  void refusesAWindowShorterThanThePeriod() {
    Map<String, Object> raw = with("period", "10m");
    raw.put("window", "5m");

    assertThatThrownBy(() -> bind(raw))
        .isInstanceOfSatisfying(
            ParamException.class, e -> assertThat(e.param()).isEqualTo("window"))
        .hasMessage("window: must be at least the period (10m), got 5m");
  }

  @Test
  void refusalMessagesQuoteCraftedTextOnOneLine() {
    Map<String, Object> raw = with("dimensions", Map.of("DBInstanceIdentifier", "a\nb"));

    assertThatThrownBy(() -> bind(raw)).message().doesNotContain("\n").contains("a?b");
  }
}
