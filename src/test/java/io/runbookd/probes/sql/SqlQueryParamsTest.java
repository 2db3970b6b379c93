package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.RunbookdConfig.QueryParam;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.TestDatasources;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Binding and refusal of sql.query parameters; no database is contacted. */
class SqlQueryParamsTest {
  private static final String LONG = "a".repeat(2000);
  private static final RunbookdConfig.Query ERRORS =
      new RunbookdConfig.Query(
          Optional.of("nba_stats"),
          "SELECT error_type, count(*) FROM error_log WHERE timestamp > now() - ? * interval '1m'"
              + " AND error_type <> ? GROUP BY 1",
          List.of(
              new QueryParam("window_minutes", QueryParam.Type.INT, Optional.of("60")),
              new QueryParam("except", QueryParam.Type.TEXT, Optional.of("none"))),
          "");
  private static final SqlQuery PROBE =
      new SqlQuery(
          new Datasources(
              Map.of(
                  "nba_stats", TestDatasources.postgres("jdbc:postgresql://127.0.0.1:1/nba"),
                  "billing", TestDatasources.postgres("jdbc:postgresql://127.0.0.1:1/billing"))),
          new NamedQueries(Map.of("error_distribution", ERRORS)));

  private static SqlQueryParams bind(Map<String, Object> raw) throws ParamException {
    return PROBE.bind(ParamBinder.bind(PROBE.info().params(), raw));
  }

  private static Map<String, Object> raw(String query, Object... more) {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", "nba_stats", "query", query));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  static Stream<Arguments> craftedValues() {
    return Stream.of(
        Arguments.of("datasource", "nba_stats; DROP TABLE x", "unknown datasource"),
        Arguments.of("datasource", "../nba_stats", "configured: billing, nba_stats"),
        Arguments.of("datasource", "", "unknown datasource ''"),
        Arguments.of("query", "connections; DROP TABLE x", "unknown query"),
        Arguments.of("query", "SELECT * FROM pg_shadow", "known: blocking, connections"),
        Arguments.of("query", "CONNECTIONS", "error_distribution, long_transactions"),
        Arguments.of("limit", 0L, "between 1 and 100"),
        Arguments.of("limit", 101L, "between 1 and 100"),
        Arguments.of("timeout", "0s", "between 100ms and 20s"),
        Arguments.of("timeout", "1m", "between 100ms and 20s"),
        Arguments.of("threshold_ms", -1.0, "between 0 and"),
        Arguments.of("min_seconds", -1L, "between 0 and"),
        Arguments.of("args", Map.of("a;b", "1"), "is not a parameter name"),
        Arguments.of("args", Map.of("window_minutes", LONG), "limited to 1024"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("craftedValues")
  void refusesCraftedValuesNamingTheParameter(String param, Object value, String message) {
    Map<String, Object> raw = raw("error_distribution");
    raw.put(param, value);

    assertThatThrownBy(() -> bind(raw))
        .isInstanceOf(ParamException.class)
        .hasMessageStartingWith(param + ": ")
        .hasMessageContaining(message)
        .extracting(e -> ((ParamException) e).param())
        .isEqualTo(param);
  }

  @Test
  void builtInsTakeDefaults() throws Exception {
    SqlQueryParams slow = bind(raw("slow_statements"));
    SqlQueryParams old = bind(raw("long_transactions", "min_seconds", 0L, "limit", 5L));

    assertThat(slow.report()).isEqualTo(new SlowStatementsReport(100.0, 20));
    assertThat(slow.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(old.report()).isEqualTo(new LongTransactionsReport(0, 5));
    assertThat(bind(raw("blocking")).report()).isEqualTo(new BlockingReport(20));
    assertThat(bind(raw("connections", "timeout", "2s")).timeout())
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesParametersTheQueryDoesNotRead() {
    assertThatThrownBy(() -> bind(raw("connections", "threshold_ms", 10.0)))
        .hasMessage("threshold_ms: is only read by query slow_statements, not connections");
    assertThatThrownBy(() -> bind(raw("slow_statements", "min_seconds", 10L)))
        .hasMessage("min_seconds: is only read by query long_transactions, not slow_statements");
    assertThatThrownBy(() -> bind(raw("blocking", "args", Map.of("a", "1"))))
        .hasMessage("args: is only read by configured queries; blocking is built in");
  }

  @Test
  void configuredQueryBindsArgsInDeclaredOrder() throws Exception {
    SqlQueryParams p = bind(raw("error_distribution", "args", Map.of("except", "x' OR '1'='1")));

    assertThat(p.report())
        .isEqualTo(
            new RowsReport("error_distribution", ERRORS.sql(), List.of(60L, "x' OR '1'='1"), 20));
  }

  @Test
  void configuredQueryRefusesBadArgsAndOtherDatasources() {
    assertThatThrownBy(
            () -> bind(raw("error_distribution", "args", Map.of("window_minutes", "1 hour"))))
        .hasMessage("args: window_minutes must be a whole number, got '1 hour'");
    assertThatThrownBy(() -> bind(raw("error_distribution", "args", Map.of("sql", "DROP TABLE x"))))
        .hasMessageStartingWith("args: query 'error_distribution' has no parameter 'sql'");
    Map<String, Object> billing = raw("error_distribution");
    billing.put("datasource", "billing");
    assertThatThrownBy(() -> bind(billing))
        .hasMessage(
            "datasource: query error_distribution runs only against datasource nba_stats, not"
                + " billing");
  }

  @Test
  void theSystemIsTheDatasource() throws Exception {
    assertThat(PROBE.system(bind(raw("connections")))).isEqualTo("sql:nba_stats");
  }

  @Test
  void describesItself() {
    assertThat(PROBE.name()).isEqualTo("sql.query");
    assertThat(PROBE.info().params())
        .extracting(Param::name)
        .containsExactly(
            "datasource", "query", "args", "threshold_ms", "min_seconds", "limit", "timeout");
    assertThat(PROBE.info().example()).contains("probe: sql.query").contains("query: connections");
    assertThat(PROBE.info().permissions()).anyMatch(p -> p.contains("pg_monitor"));
    assertThat(ParamBinder.problems(PROBE.info().params(), raw("connections"))).isEmpty();
  }
}
