package io.runbookd.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.runbookd.config.ConfigException;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.RunbookdConfig.QueryParam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code queries} section of runbookd.yaml: bound, checked at load, overridable by env. */
class ConfiguredQueriesTest {
  private static final String HEAD =
      "webhook: {insecure: true}\ndatasources: {nba_stats: {url: 'jdbc:postgresql://db/nba'}}\n";

  @TempDir Path dir;

  private RunbookdConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("runbookd.yaml"), HEAD + yaml);
    return new ConfigLoader(env).load(file);
  }

  private List<String> problems(String yaml) {
    return ((ConfigException) catchThrowable(() -> load(yaml, Map.of()))).problems();
  }

  private static String query(String name, String body) {
    return "queries:\n  " + name + ":\n" + body.indent(4);
  }

  @Test
  void bindsSqlParamsAndDatasource() throws Exception {
    RunbookdConfig config =
        load(
            query(
                "errors",
                "datasource: nba_stats\ndescription: errors by type\n"
                    + "sql: SELECT ? AS a, ?::text AS b;\nparams: ['minutes:int=60', 'kind:text']"),
            Map.of());

    RunbookdConfig.Query q = config.queries().get("errors");
    assertThat(q.datasource()).contains("nba_stats");
    assertThat(q.sql()).isEqualTo("SELECT ? AS a, ?::text AS b");
    assertThat(q.description()).isEqualTo("errors by type");
    assertThat(q.params())
        .containsExactly(
            new QueryParam("minutes", QueryParam.Type.INT, Optional.of("60")),
            new QueryParam("kind", QueryParam.Type.TEXT, Optional.empty()));
  }

  @Test
  void environmentVariablesSetQueryKeys() throws Exception {
    RunbookdConfig config =
        load(
            "",
            Map.of(
                "RUNBOOKD_QUERIES_ERROR_DISTRIBUTION_SQL", "SELECT count(*) FROM t WHERE x > ?",
                "RUNBOOKD_QUERIES_ERROR_DISTRIBUTION_PARAMS", "minutes:int",
                "RUNBOOKD_QUERIES_ERROR_DISTRIBUTION_DATASOURCE", "nba_stats"));

    RunbookdConfig.Query q = config.queries().get("error_distribution");
    assertThat(q.sql()).isEqualTo("SELECT count(*) FROM t WHERE x > ?");
    assertThat(q.params()).extracting(QueryParam::name).containsExactly("minutes");
    assertThat(q.datasource()).contains("nba_stats");
  }

  @Test
  void reportsEveryBadQueryAtOnce() {
    List<String> problems =
        problems(
            "queries:\n"
                + "  writes: {sql: 'DELETE FROM error_log'}\n"
                + "  two: {sql: 'SELECT 1; DROP TABLE error_log'}\n"
                + "  counted: {sql: 'SELECT ?, ''?'', a ?? b', params: ['a:int', 'b:int']}\n"
                + "  elsewhere: {sql: 'SELECT 1', datasource: billing}\n"
                + "  typed: {sql: 'SELECT ?, ?', params: ['a:date', 'b:int=x']}\n"
                + "  Bad-Name: {sql: 'SELECT 1'}\n"
                + "  nosql: {description: nothing}\n");

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "queries.writes.sql: must start with SELECT or WITH: configured queries only read",
            "queries.two.sql: must be one statement (no ';' except at the end)",
            "queries.counted.sql: has 1 '?' placeholders but 2 declared params",
            "queries.elsewhere.datasource: 'billing' is not a configured datasource;"
                + " configured: nba_stats",
            "queries.typed.params: 'a:date' must be name:type or name:type=default"
                + " (type: int, number or text)",
            "queries.typed.params: the default of b is not a valid int",
            "queries.typed.sql: has 2 '?' placeholders but 1 declared params",
            "queries.Bad-Name: query names are lower-case letters, digits and '_', at most 63",
            "queries.nosql.sql: is required");
  }

  @Test
  void quotedSemicolonsAndPlaceholdersAreNotCounted() throws Exception {
    RunbookdConfig config =
        load(
            query(
                "quoted",
                "sql: |-\n  SELECT ';' AS a, \"?;\" AS b, $x$ ; ? $x$ AS c, E'\\' ; ?' AS d -- ;?\n"
                    + "  /* ; ? /* nested */ ? */ FROM t WHERE e = ?;\n"
                    + "params: ['e:text']"),
            Map.of());

    assertThat(config.queries().get("quoted").params()).hasSize(1);
  }

  @Test
  void aConfiguredQueryCannotTakeTheNameOfABuiltIn() {
    for (BuiltInQuery builtIn : BuiltInQuery.values()) {
      assertThat(problems(query(builtIn.wire(), "sql: SELECT 1")))
          .containsExactly(
              "queries."
                  + builtIn.wire()
                  + ": is the name of a built-in query; choose another name");
    }
    assertThatThrownBy(
            () ->
                new NamedQueries(
                    Map.of(
                        "blocking",
                        new RunbookdConfig.Query(Optional.empty(), "SELECT 1", List.of(), ""))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namedQueriesListBuiltInsAndConfiguredOnes() throws Exception {
    NamedQueries queries =
        new NamedQueries(load(query("errors", "sql: SELECT 1"), Map.of()).queries());

    assertThat(queries.names())
        .containsExactly(
            "blocking", "connections", "errors", "long_transactions", "slow_statements",
            "table_sizes");
    assertThat(queries.unknown("connections; DROP TABLE x"))
        .isEqualTo(
            "unknown query 'connections; DROP TABLE x'; known: blocking, connections, errors,"
                + " long_transactions, slow_statements, table_sizes");
  }

  @Test
  void theShippedQueryIsValid() throws Exception {
    RunbookdConfig config =
        new io.runbookd.config.ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true"))
            .load(Path.of("config/runbookd.yaml"));

    RunbookdConfig.Query q = config.queries().get("error_distribution");

    assertThat(q.datasource()).contains("nba_stats");
    assertThat(q.sql()).startsWith("SELECT error_type, COUNT(*)").contains("GROUP BY error_type");
    assertThat(q.params())
        .containsExactly(new QueryParam("window_minutes", QueryParam.Type.INT, Optional.of("60")));
  }
}
