package io.runbookd.probes.sql;

import io.runbookd.config.RunbookdConfig.QueryParam;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.sql.BuiltInQuery;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.QueryArgs;
import io.runbookd.sql.SqlReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parameters of {@code sql.query} and their checks. The datasource and query names are checked
 * against what is configured, so a value built from an alert label can only pick one of them; it
 * never becomes SQL.
 */
final class SqlQueryParamSpec {
  static final String DATASOURCE = "datasource";
  static final String QUERY = "query";
  static final String THRESHOLD_MS = "threshold_ms";
  static final String MIN_SECONDS = "min_seconds";
  static final String LIMIT = "limit";
  static final String TIMEOUT = "timeout";

  static final int MAX_ARGS = 20;
  private static final Pattern ARG_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  private SqlQueryParamSpec() {}

  static List<Param> params(Datasources datasources, NamedQueries queries) {
    String builtIns =
        Arrays.stream(BuiltInQuery.values())
            .map(BuiltInQuery::wire)
            .collect(Collectors.joining(", "));
    return List.of(
        Param.required(
            DATASOURCE,
            ParamType.STRING,
            "a datasource configured under datasources.NAME",
            value ->
                name(
                    datasources.contains(String.valueOf(value)),
                    datasources.unknown(String.valueOf(value)))),
        Param.required(
            QUERY,
            ParamType.STRING,
            "a built-in query (" + builtIns + ") or one configured under queries.NAME",
            value ->
                name(
                    queries.contains(String.valueOf(value)),
                    queries.unknown(String.valueOf(value)))),
        Param.optional(
            QueryArgs.PARAM,
            ParamType.STRING_MAP,
            "values for a configured query's params, by name; bound, never written into SQL",
            SqlQueryParamSpec::args),
        Param.optional(
            THRESHOLD_MS,
            ParamType.NUMBER,
            "slow_statements: mean execution time in ms above which a statement is listed"
                + " (default 100)",
            SqlQueryParamSpec::threshold),
        Param.optional(
            MIN_SECONDS,
            ParamType.INTEGER,
            "long_transactions: the age from which a transaction is listed (default 60)",
            Checks.range(0, 31_536_000)),
        Param.optional(
            LIMIT,
            ParamType.INTEGER,
            "the most rows or items returned (default 20)",
            Checks.range(1, 100)),
        Param.optional(
            TIMEOUT,
            ParamType.DURATION,
            "statement timeout on the database (default 5s, at most 20s)",
            SqlQueryParamSpec::timeout));
  }

  private static Optional<String> name(boolean known, String unknown) {
    return known ? Optional.empty() : Optional.of(unknown);
  }

  private static Optional<String> args(Object value) {
    Map<?, ?> args = (Map<?, ?>) value;
    if (args.size() > MAX_ARGS) {
      return Optional.of("at most " + MAX_ARGS + " values");
    }
    for (Map.Entry<?, ?> e : args.entrySet()) {
      if (!ARG_NAME.matcher(String.valueOf(e.getKey())).matches()) {
        return Optional.of("'" + Checks.clip(e.getKey()) + "' is not a parameter name");
      }
      if (String.valueOf(e.getValue()).length() > QueryParam.Type.MAX_TEXT) {
        return Optional.of("values are limited to " + QueryParam.Type.MAX_TEXT + " characters");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> threshold(Object value) {
    double ms = ((Number) value).doubleValue();
    return ms >= 0 && ms <= 3_600_000
        ? Optional.empty()
        : Optional.of("must be between 0 and 3600000 ms, got " + ms);
  }

  private static Optional<String> timeout(Object value) {
    Duration d = (Duration) value;
    return d.compareTo(MIN_TIMEOUT) >= 0 && d.compareTo(SqlReader.MAX_TIMEOUT) <= 0
        ? Optional.empty()
        : Optional.of("must be between 100ms and 20s");
  }
}
