package io.runbookd.probes.sql;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.sql.BuiltInQuery;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.QueryArgs;
import io.runbookd.sql.SqlReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code sql.query}: runs a named query (built in, or configured under {@code queries.NAME})
 * against a configured datasource, read-only and under a statement timeout. Rules name a datasource
 * and a query; they never carry SQL, and the values they pass are only bound.
 */
public final class SqlQuery implements Probe<SqlQueryParams> {
  static final int DEFAULT_LIMIT = 20;
  static final double DEFAULT_THRESHOLD_MS = 100;
  static final long DEFAULT_MIN_SECONDS = 60;

  /** Parameters that only one built-in query reads; passing them to another is a mistake. */
  private static final Map<String, BuiltInQuery> ONLY_FOR =
      Map.of(
          SqlQueryParamSpec.THRESHOLD_MS, BuiltInQuery.SLOW_STATEMENTS,
          SqlQueryParamSpec.MIN_SECONDS, BuiltInQuery.LONG_TRANSACTIONS);

  private final NamedQueries queries;
  private final SqlReader reader;
  private final PluginInfo info;

  public SqlQuery(Datasources datasources, NamedQueries queries) {
    this.queries = Objects.requireNonNull(queries);
    this.reader = new SqlReader(Objects.requireNonNull(datasources));
    this.info =
        new PluginInfo(
            "sql.query",
            "Runs a built-in or configured read-only query against a configured PostgreSQL"
                + " datasource: connections, slow statements, blocking sessions, long"
                + " transactions, database and table sizes, or an operator's named query.",
            "- id: connections\n  probe: sql.query\n"
                + "  params: {datasource: nba_stats, query: connections}\n"
                + "- id: slow\n  probe: sql.query\n"
                + "  params: {datasource: nba_stats, query: slow_statements, threshold_ms: 100}",
            SqlQueryParamSpec.params(datasources, queries),
            List.of(
                "PostgreSQL: CONNECT on the datasource's database (sessions are read-only)",
                "PostgreSQL: role pg_monitor (all sessions in pg_stat_activity,"
                    + " pg_stat_statements)",
                "PostgreSQL: extension pg_stat_statements, preloaded (slow_statements)",
                "PostgreSQL: SELECT on the tables configured queries read (e.g. error_log)"))
            // A configured query's rows and a session's statement text (pg_stat_activity keeps
            // its literals) may hold anything; pg_stat_statements text has its constants
            // replaced by placeholders and stays readable.
            .withSensitiveData("rows", "chains.query", "blockers.query", "transactions.query");
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public SqlQueryParams bind(Params params) throws ParamException {
    String datasource = params.string(SqlQueryParamSpec.DATASOURCE);
    String query = params.string(SqlQueryParamSpec.QUERY);
    Optional<BuiltInQuery> builtIn = queries.builtIn(query);
    refuseUnused(params, query, builtIn);
    int limit = (int) params.integer(SqlQueryParamSpec.LIMIT, DEFAULT_LIMIT);
    Report report =
        builtIn.isPresent()
            ? builtIn(builtIn.get(), params, limit)
            : configured(datasource, query, params, limit);
    Duration timeout = params.duration(SqlQueryParamSpec.TIMEOUT, SqlReader.DEFAULT_TIMEOUT);
    return new SqlQueryParams(datasource, query, report, timeout);
  }

  private static void refuseUnused(Params params, String query, Optional<BuiltInQuery> builtIn)
      throws ParamException {
    for (Map.Entry<String, BuiltInQuery> only : ONLY_FOR.entrySet()) {
      if (params.asMap().containsKey(only.getKey()) && builtIn.orElse(null) != only.getValue()) {
        throw new ParamException(
            only.getKey(), "is only read by query " + only.getValue().wire() + ", not " + query);
      }
    }
    if (params.asMap().containsKey(QueryArgs.PARAM) && builtIn.isPresent()) {
      throw new ParamException(
          QueryArgs.PARAM, "is only read by configured queries; " + query + " is built in");
    }
  }

  private static Report builtIn(BuiltInQuery query, Params params, int limit) {
    return switch (query) {
      case CONNECTIONS -> new ConnectionsReport();
      case SLOW_STATEMENTS ->
          new SlowStatementsReport(
              params.number(SqlQueryParamSpec.THRESHOLD_MS, DEFAULT_THRESHOLD_MS), limit);
      case BLOCKING -> new BlockingReport(limit);
      case LONG_TRANSACTIONS ->
          new LongTransactionsReport(
              params.integer(SqlQueryParamSpec.MIN_SECONDS, DEFAULT_MIN_SECONDS), limit);
      case TABLE_SIZES -> new TableSizesReport(limit);
    };
  }

  private Report configured(String datasource, String name, Params params, int limit)
      throws ParamException {
    // The parameter's check already refused unknown names; this guards the invariant.
    RunbookdConfig.Query query =
        queries
            .configured(name)
            .orElseThrow(() -> new ParamException(SqlQueryParamSpec.QUERY, queries.unknown(name)));
    if (query.datasource().isPresent() && !query.datasource().get().equals(datasource)) {
      throw new ParamException(
          SqlQueryParamSpec.DATASOURCE,
          "query "
              + name
              + " runs only against datasource "
              + query.datasource().get()
              + ", not "
              + Checks.clip(datasource));
    }
    List<Object> args = QueryArgs.bind(name, query, params.stringMap(QueryArgs.PARAM));
    return new RowsReport(name, query.sql(), args, limit);
  }

  @Override
  public String system(SqlQueryParams params) {
    return "sql:" + params.datasource();
  }

  @Override
  public Finding run(SqlQueryParams p) throws Exception {
    return reader.read(p.datasource(), p.timeout(), s -> p.report().read(s, p.datasource()));
  }
}
