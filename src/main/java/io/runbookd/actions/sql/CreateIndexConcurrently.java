package io.runbookd.actions.sql;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.sql.SqlIdentifiers;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * RB-102's {@code CREATE INDEX CONCURRENTLY idx_games_season ON games(season)}: builds a b-tree
 * index without blocking writes, outside a transaction. Table and columns are checked identifiers
 * that must exist. A failed concurrent build leaves an INVALID index behind, which {@code IF NOT
 * EXISTS} would silently accept: this action never uses it, and reports such an index (found
 * before, or left by its own failed build) with the statement that clears it. Not retry-safe for
 * that reason. Undone by {@code sql.drop_index_concurrently}.
 */
public final class CreateIndexConcurrently implements Action<IndexParams> {
  static final int MAX_COLUMNS = 8;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Param COLUMNS =
      Param.required(
          "columns",
          ParamType.STRING_LIST,
          "key columns in order, 1 to 8 plain identifiers, e.g. [season]",
          SqlIdentifiers.listCheck(MAX_COLUMNS));
  private static final Param NAME =
      Param.optional(
          SqlActionParams.NAME,
          ParamType.STRING,
          "index name (default idx_<table>_<columns>, cut to 63)",
          SqlIdentifiers.NAME_CHECK);
  private static final Param UNIQUE =
      Param.optional("unique", ParamType.BOOLEAN, "a unique index (default false)", Check.NONE);

  private final SqlWriters writers;
  private final PluginInfo info;

  public CreateIndexConcurrently(SqlWriters writers) {
    this.writers = Objects.requireNonNull(writers);
    this.info =
        new PluginInfo(
            "sql.create_index_concurrently",
            "Builds a b-tree index with CREATE INDEX CONCURRENTLY; reports an INVALID index left"
                + " by an earlier failed build instead of skipping it.",
            "- id: index\n  action: sql.create_index_concurrently\n"
                + "  params: {datasource: nba_stats, table: games, columns: [season],"
                + " name: idx_games_season}",
            List.of(
                SqlActionParams.datasource(writers),
                SqlActionParams.TABLE_PARAM,
                COLUMNS,
                NAME,
                UNIQUE,
                SqlActionParams.DDL_TIMEOUT_PARAM),
            List.of(
                "PostgreSQL: membership in the role that owns table {table} (CREATE INDEX needs"
                    + " ownership)",
                "PostgreSQL: CREATE on the schema of table {table}"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public IndexParams bind(Params params) {
    TableName table = TableName.parse(params.string(SqlActionParams.TABLE));
    List<String> columns = params.stringList("columns");
    return new IndexParams(
        params.string(SqlActionParams.DATASOURCE),
        table,
        columns,
        params.optionalString(SqlActionParams.NAME).orElse(IndexParams.defaultName(table, columns)),
        params.bool("unique", false),
        params.duration(SqlActionParams.TIMEOUT, SqlActionParams.DDL_TIMEOUT));
  }

  @Override
  public Target target(IndexParams p) {
    return new Target("sql:" + p.datasource(), "table/" + p.table(), Optional.empty());
  }

  @Override
  public String describe(IndexParams p) {
    return "create "
        + (p.unique() ? "unique " : "")
        + "index "
        + p.name()
        + " concurrently on "
        + p.table()
        + " ("
        + String.join(", ", p.columns())
        + ") in "
        + p.datasource();
  }

  @Override
  public Outcome execute(IndexParams p) throws Exception {
    return writers.write(p.datasource(), p.timeout(), s -> new Build(s, p).run());
  }

  /**
   * DONE when a valid index of that name serves the ask, NOT_NEEDED when another valid one does,
   * NOT_APPLIED when there is none, UNKNOWN when the index is INVALID (a build may still be running
   * or may have failed) or the name belongs to something else.
   */
  @Override
  public Outcome recheck(IndexParams p, Instant startedAt) throws Exception {
    return writers.write(p.datasource(), READ_TIMEOUT, s -> recheck(s, p));
  }

  private static Outcome recheck(WriteSession s, IndexParams p) throws SQLException {
    Optional<IndexCatalog.Resolved> table = IndexCatalog.table(s, p.table());
    if (table.isEmpty()) {
      return Outcome.notApplied("table " + p.table() + " does not exist");
    }
    Optional<IndexState> index = IndexCatalog.index(s, table.get(), p.name());
    if (index.isPresent() && index.get().serves(table.get().display(), p.columns(), p.unique())) {
      return index.get().valid()
          ? Outcome.done("index " + p.name() + " is in place and valid")
          : Outcome.unknown(Build.invalid(table.get(), p.name()));
    }
    if (index.isPresent()) {
      return Outcome.unknown("name " + p.name() + " is taken: " + index.get().describe());
    }
    Optional<String> other = IndexCatalog.equivalent(s, table.get(), p.columns(), p.unique());
    return other.isPresent()
        ? Outcome.notNeeded("valid index " + other.get() + " covers the same columns")
        : Outcome.notApplied("no index " + p.name() + " on " + table.get().display());
  }

  /** A failed concurrent build leaves an INVALID index: repeating it blindly would not help. */
  @Override
  public boolean retrySafe() {
    return false;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  /** Drops the index this action built; nothing when it found one in place. */
  @Override
  public Optional<Undo> undo(IndexParams p, Outcome done) {
    if (done.status() != Outcome.Status.DONE) {
      return Optional.empty();
    }
    return Optional.of(
        new Undo(
            DropIndexConcurrently.NAME,
            Map.of(
                SqlActionParams.DATASOURCE, p.datasource(),
                SqlActionParams.TABLE, p.table().toString(),
                SqlActionParams.NAME, p.name(),
                SqlActionParams.TIMEOUT, p.timeout().toMillis() + "ms")));
  }
}
