package io.runbookd.probes.sql;

import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.Rows;
import io.runbookd.sql.Session;
import io.runbookd.sql.SqlIdentifiers;
import io.runbookd.sql.SqlReader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * RB-201's index maintenance, first half: which b-tree indexes are bloated enough to rebuild with
 * {@code sql.reindex_concurrently}. The estimate comes from the catalog only ({@link
 * IndexBloatQuery} says how), so it reads no index page and needs no extension or privilege beyond
 * connecting; the most wasted bytes first.
 */
public final class IndexBloat implements Probe<IndexBloatParams> {
  static final double DEFAULT_RATIO = 0.3;
  static final long DEFAULT_MIN_MB = 10;
  static final int DEFAULT_LIMIT = 20;
  static final long MB = 1L << 20;

  private static final List<Param> PARAMS_AFTER_DATASOURCE =
      List.of(
          Param.optional(
              "schema", ParamType.STRING, "only indexes in this schema", SqlIdentifiers.NAME_CHECK),
          Param.optional(
              "table",
              ParamType.STRING,
              "only indexes of this table, `games` or `schema.games`",
              SqlIdentifiers.TABLE_CHECK),
          Param.optional(
              "min_ratio",
              ParamType.NUMBER,
              "estimated share of the index that is bloat, 0 to 1, from which it is listed"
                  + " (default 0.3)",
              IndexBloat::ratio),
          Param.optional(
              "min_size_mb",
              ParamType.INTEGER,
              "smallest index listed, in MiB (default 10)",
              Checks.range(0, 10_000_000)),
          Param.optional(
              "limit", ParamType.INTEGER, "most indexes listed (default 20)", Checks.range(1, 100)),
          Param.optional(
              "timeout",
              ParamType.DURATION,
              "statement timeout on the database (default 5s, at most 20s)",
              IndexBloat::timeout));

  private final SqlReader reader;
  private final PluginInfo info;

  public IndexBloat(Datasources datasources) {
    this.reader = new SqlReader(datasources);
    List<Param> params = new ArrayList<>();
    params.add(
        Param.required(
            "datasource",
            ParamType.STRING,
            "a datasource configured under datasources.NAME",
            value ->
                datasources.contains(String.valueOf(value))
                    ? Optional.empty()
                    : Optional.of(datasources.unknown(String.valueOf(value)))));
    params.addAll(PARAMS_AFTER_DATASOURCE);
    this.info =
        new PluginInfo(
            "sql.index_bloat",
            "Lists b-tree indexes whose estimated bloat (from catalog statistics) reaches a"
                + " threshold, the most wasted bytes first.",
            "- id: bloat\n  probe: sql.index_bloat\n"
                + "  params: {datasource: nba_stats, min_ratio: 0.3, min_size_mb: 10, limit: 5}",
            params,
            List.of(
                "PostgreSQL: CONNECT on the datasource's database (sessions are read-only)",
                "PostgreSQL: SELECT on the indexed columns or ownership of their tables, for"
                    + " pg_stats widths of variable-width keys (without it they are assumed)"));
  }

  private static Optional<String> ratio(Object value) {
    double v = ((Number) value).doubleValue();
    return v >= 0 && v <= 1 ? Optional.empty() : Optional.of("must be between 0 and 1, got " + v);
  }

  private static Optional<String> timeout(Object value) {
    Duration d = (Duration) value;
    return d.compareTo(Duration.ofMillis(100)) >= 0 && d.compareTo(SqlReader.MAX_TIMEOUT) <= 0
        ? Optional.empty()
        : Optional.of("must be between 100ms and 20s");
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public IndexBloatParams bind(Params params) throws ParamException {
    Optional<String> schema = params.optionalString("schema");
    Optional<String> table = params.optionalString("table");
    if (schema.isPresent() && table.isPresent() && table.get().contains(".")) {
      throw new ParamException("table", "names its schema; leave schema out or the table's out");
    }
    Optional<String> quoted =
        table.map(
            t ->
                Arrays.stream((schema.map(s -> s + ".").orElse("") + t).split("\\."))
                    .map(SqlIdentifiers::quote)
                    .collect(Collectors.joining(".")));
    return new IndexBloatParams(
        params.string("datasource"),
        table.isPresent() ? Optional.empty() : schema,
        quoted,
        params.number("min_ratio", DEFAULT_RATIO),
        params.integer("min_size_mb", DEFAULT_MIN_MB) * MB,
        (int) params.integer("limit", DEFAULT_LIMIT),
        params.duration("timeout", SqlReader.DEFAULT_TIMEOUT));
  }

  @Override
  public String system(IndexBloatParams params) {
    return "sql:" + params.datasource();
  }

  @Override
  public Finding run(IndexBloatParams p) throws Exception {
    return reader.read(p.datasource(), p.timeout(), s -> read(s, p));
  }

  private static Finding read(Session s, IndexBloatParams p) throws SQLException, RefusedException {
    long table = tableOid(s, p);
    String schema = p.schema().orElse("");
    List<Object> filters = List.of(schema, schema, table, table);
    long checked =
        (Long) s.select(IndexBloatQuery.CHECKED, filters, 1).rows().get(0).get("checked");
    List<Object> args = new ArrayList<>(filters);
    args.addAll(List.of(p.minBytes(), p.minRatio(), (long) p.limit()));
    Rows rows = s.select(IndexBloatQuery.SQL, args, p.limit());
    return IndexBloatReport.finding(p, rows, checked);
  }

  /** 0 for no table filter; the table's oid; refused when there is no such table. */
  private static long tableOid(Session s, IndexBloatParams p)
      throws SQLException, RefusedException {
    if (p.table().isEmpty()) {
      return 0;
    }
    List<Map<String, Object>> found =
        s.select(IndexBloatQuery.TABLE, List.of(p.table().get()), 1).rows();
    if (found.isEmpty()) {
      throw new RefusedException(
          "table " + p.table().get().replace("\"", "") + " does not exist in " + p.datasource());
    }
    return (Long) found.get(0).get("oid");
  }
}
