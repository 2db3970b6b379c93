package io.runbookd.actions.sql;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code DROP INDEX CONCURRENTLY}: the undo of {@code sql.create_index_concurrently}, and the way
 * to clear an INVALID index a failed build left. Drops only an index of the named table, and never
 * one that backs a constraint (a primary key or unique constraint). Retry-safe: it uses {@code IF
 * EXISTS}, and a drop that failed half way is finished by running it again. Permanent: a dropped
 * index is rebuilt only by another build, so a rule's drop waits for approval (an undo does not).
 */
public final class DropIndexConcurrently implements Action<DropIndexParams> {
  static final String NAME = "sql.drop_index_concurrently";
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Param INDEX =
      Param.required(
          SqlActionParams.NAME, ParamType.STRING, "the index to drop", SqlIdentifiers.NAME_CHECK);

  private final SqlWriters writers;
  private final PluginInfo info;

  public DropIndexConcurrently(SqlWriters writers) {
    this.writers = Objects.requireNonNull(writers);
    this.info =
        new PluginInfo(
            NAME,
            "Drops an index of a table with DROP INDEX CONCURRENTLY (never one backing a"
                + " constraint).",
            "- id: drop_invalid\n  action: sql.drop_index_concurrently\n"
                + "  params: {datasource: nba_stats, table: games, name: idx_games_season}",
            List.of(
                SqlActionParams.datasource(writers),
                SqlActionParams.TABLE_PARAM,
                INDEX,
                SqlActionParams.DDL_TIMEOUT_PARAM),
            List.of("PostgreSQL: membership in the role that owns table {table}"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public DropIndexParams bind(Params params) {
    return new DropIndexParams(
        params.string(SqlActionParams.DATASOURCE),
        TableName.parse(params.string(SqlActionParams.TABLE)),
        params.string(SqlActionParams.NAME),
        params.duration(SqlActionParams.TIMEOUT, SqlActionParams.DDL_TIMEOUT));
  }

  @Override
  public Target target(DropIndexParams p) {
    return new Target("sql:" + p.datasource(), "table/" + p.table(), Optional.empty());
  }

  @Override
  public String describe(DropIndexParams p) {
    return "drop index " + p.name() + " of " + p.table() + " concurrently in " + p.datasource();
  }

  @Override
  public Outcome execute(DropIndexParams p) throws Exception {
    return writers.write(p.datasource(), p.timeout(), s -> drop(s, p));
  }

  private static Outcome drop(WriteSession s, DropIndexParams p) throws SQLException {
    Optional<IndexCatalog.Resolved> table = IndexCatalog.table(s, p.table());
    if (table.isEmpty()) {
      return Outcome.notNeeded("table " + p.table() + " does not exist, nor do its indexes");
    }
    Optional<IndexState> index = IndexCatalog.index(s, table.get(), p.name());
    if (index.isEmpty()) {
      return Outcome.notNeeded("no index " + p.name() + " in schema " + table.get().schema());
    }
    Optional<String> refusal = refusal(index.get(), table.get(), p.name());
    if (refusal.isPresent()) {
      return Outcome.failed(refusal.get());
    }
    // Same reasoning as the build: waiting does not block others' reads and writes.
    s.timeouts(p.timeout(), p.timeout());
    String qualified = table.get().schema() + "." + p.name();
    s.execute(
        "DROP INDEX CONCURRENTLY IF EXISTS "
            + SqlIdentifiers.quote(table.get().schema())
            + "."
            + SqlIdentifiers.quote(p.name()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("index", p.name());
    data.put("table", table.get().display());
    data.put("columns", index.get().columns());
    data.put("unique", index.get().unique());
    data.put("was_valid", index.get().valid());
    return Outcome.done("dropped " + index.get().describe() + " " + qualified, data);
  }

  private static Optional<String> refusal(
      IndexState index, IndexCatalog.Resolved table, String name) {
    if (!index.isIndex()) {
      return Optional.of(name + " is not an index (relkind " + index.kind() + ")");
    }
    if (!index.table().equals(Optional.of(table.display()))) {
      return Optional.of(
          "index "
              + name
              + " belongs to "
              + index.table().orElse("?")
              + ", not "
              + table.display());
    }
    return index
        .constraint()
        .map(
            c ->
                "index "
                    + name
                    + " backs constraint "
                    + c
                    + "; runbookd does not drop constraints");
  }

  /** DONE when the index is gone, NOT_APPLIED while it is still there. */
  @Override
  public Outcome recheck(DropIndexParams p, Instant startedAt) throws Exception {
    return writers.write(
        p.datasource(),
        READ_TIMEOUT,
        s -> {
          Optional<IndexCatalog.Resolved> table = IndexCatalog.table(s, p.table());
          Optional<IndexState> index =
              table.isEmpty() ? Optional.empty() : IndexCatalog.index(s, table.get(), p.name());
          return index.isEmpty()
              ? Outcome.done("index " + p.name() + " of " + p.table() + " is gone")
              : Outcome.notApplied("index " + p.name() + " of " + p.table() + " still exists");
        });
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.PERMANENT;
  }
}
