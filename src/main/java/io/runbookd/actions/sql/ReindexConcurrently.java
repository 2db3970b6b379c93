package io.runbookd.actions.sql;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.plugin.Checks;
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
import java.util.Objects;
import java.util.Optional;

/**
 * RB-201's index maintenance without the seed's {@code REINDEX DATABASE}, whose exclusive locks
 * stop the API: {@code REINDEX INDEX CONCURRENTLY} of one index, outside a transaction, which lets
 * other sessions read and write the table while it builds a new copy and swaps it in. A failed
 * concurrent rebuild leaves an INVALID {@code <name>_ccnew} index: this action reports it with the
 * statement that clears it, and refuses to rebuild while one is there, so repeats never pile up
 * copies. Not retry-safe for that reason; transient: the index keeps its definition.
 */
public final class ReindexConcurrently implements Action<ReindexParams> {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Param INDEX =
      Param.required(
          "index",
          ParamType.STRING,
          "the index, `idx_games_season` or `schema.idx_games_season` (plain lower-case"
              + " identifiers)",
          value ->
              SqlIdentifiers.TABLE_CHECK.problem(value).isEmpty()
                  ? Optional.empty()
                  : Optional.of(
                      "'"
                          + Checks.clip(value)
                          + "' is not an index name (index or"
                          + " schema.index, each a plain identifier: a-z, 0-9, '_', at most 63)"));

  private final SqlWriters writers;
  private final PluginInfo info;

  public ReindexConcurrently(SqlWriters writers) {
    this.writers = Objects.requireNonNull(writers);
    this.info =
        new PluginInfo(
            "sql.reindex_concurrently",
            "Rebuilds one index with REINDEX INDEX CONCURRENTLY (reads and writes go on); reports"
                + " an INVALID copy a failed rebuild left.",
            "- id: reindex\n  action: sql.reindex_concurrently\n"
                + "  params: {datasource: nba_stats, index: {expr: probes.bloat.worst_index},"
                + " timeout: 20m}",
            List.of(SqlActionParams.datasource(writers), INDEX, SqlActionParams.DDL_TIMEOUT_PARAM),
            List.of(
                "PostgreSQL: membership in the role that owns the table (REINDEX needs"
                    + " ownership)"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public ReindexParams bind(Params params) {
    return new ReindexParams(
        params.string(SqlActionParams.DATASOURCE),
        TableName.parse(params.string("index")),
        params.duration(SqlActionParams.TIMEOUT, SqlActionParams.DDL_TIMEOUT));
  }

  @Override
  public Target target(ReindexParams p) {
    return new Target("sql:" + p.datasource(), "index/" + p.index(), Optional.empty());
  }

  @Override
  public String describe(ReindexParams p) {
    return "REINDEX INDEX CONCURRENTLY "
        + p.index()
        + " in "
        + p.datasource()
        + " (timeout "
        + p.timeout().toSeconds()
        + "s)";
  }

  @Override
  public Outcome execute(ReindexParams p) throws Exception {
    return writers.write(p.datasource(), p.timeout(), s -> new Reindex(s, p).run());
  }

  /**
   * Reads pg_class and pg_index: UNKNOWN while a build on the table runs or a failed one left an
   * INVALID copy (a human decides), NOT_NEEDED when the index is gone, NOT_APPLIED when it is valid
   * with nothing left over: the catalog keeps no rebuild time, and rebuilding again is safe.
   */
  @Override
  public Outcome recheck(ReindexParams p, Instant startedAt) throws Exception {
    return writers.write(p.datasource(), READ_TIMEOUT, s -> recheck(s, p));
  }

  private static Outcome recheck(WriteSession s, ReindexParams p) throws SQLException {
    Optional<ReindexCatalog.Found> index = ReindexCatalog.index(s, p.index());
    if (index.isEmpty() || !"i".equals(index.get().kind())) {
      return Outcome.notNeeded("index " + p.index() + " no longer exists");
    }
    long table = index.get().tableOid();
    if (ReindexCatalog.building(s, table)) {
      return Outcome.unknown("an index build on " + index.get().table() + " is still running");
    }
    List<String> leftovers = ReindexCatalog.leftovers(s, table);
    if (!leftovers.isEmpty()) {
      return Outcome.unknown(
          "table " + index.get().table() + " has an " + ReindexCatalog.describe(leftovers));
    }
    return Outcome.notApplied(
        "index "
            + index.get().display()
            + " is valid and no rebuild is"
            + " running or left over; rebuilding it again is safe");
  }

  /** A failed rebuild leaves an INVALID copy that a human should look at first. */
  @Override
  public boolean retrySafe() {
    return false;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }
}
