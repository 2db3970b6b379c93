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
 * RB-201's {@code VACUUM ANALYZE}: of one table, or of the whole database, outside a transaction
 * (VACUUM cannot run inside one) under a statement timeout the rule sizes to its window. It takes
 * no lock that stops reads or writes. The database form uses {@code SKIP_LOCKED}, so one table
 * locked by DDL does not hold up the rest; tables it skipped (locked, or not runbookd's to vacuum)
 * are reported from the server's warnings. NOT_NEEDED when the statistics show no dead row and no
 * change since the last analyze. Retry-safe and transient: it changes no data or definition.
 */
public final class VacuumAnalyze implements Action<VacuumParams> {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private static final Param TABLE =
      Param.optional(
          SqlActionParams.TABLE,
          ParamType.STRING,
          "one table, `games` or `schema.games` (default: every table of the database)",
          SqlIdentifiers.TABLE_CHECK);
  private static final Param TIMEOUT =
      Param.optional(
          SqlActionParams.TIMEOUT,
          ParamType.DURATION,
          "statement timeout, 1s to 30m (default 50s): size it to the maintenance window",
          SqlActionParams.DDL_RANGE);

  private final SqlWriters writers;
  private final PluginInfo info;

  public VacuumAnalyze(SqlWriters writers) {
    this.writers = Objects.requireNonNull(writers);
    this.info =
        new PluginInfo(
            "sql.vacuum_analyze",
            "Runs VACUUM (ANALYZE) of one table or the whole database, outside a transaction,"
                + " under a statement timeout.",
            "- id: vacuum\n  action: sql.vacuum_analyze\n"
                + "  params: {datasource: nba_stats, timeout: 30m}",
            List.of(SqlActionParams.datasource(writers), TABLE, TIMEOUT),
            List.of(
                "PostgreSQL: membership in the role that owns the tables, or ownership of the"
                    + " database (VACUUM skips the tables it may not vacuum)"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public VacuumParams bind(Params params) {
    return new VacuumParams(
        params.string(SqlActionParams.DATASOURCE),
        params.optionalString(SqlActionParams.TABLE).map(TableName::parse),
        params.duration(SqlActionParams.TIMEOUT, SqlActionParams.DDL_TIMEOUT));
  }

  @Override
  public Target target(VacuumParams p) {
    return new Target(
        "sql:" + p.datasource(),
        p.table().map(t -> "table/" + t).orElse("database"),
        Optional.empty());
  }

  @Override
  public String describe(VacuumParams p) {
    return "VACUUM (ANALYZE) of the " + p.scope() + " (timeout " + p.timeout().toSeconds() + "s)";
  }

  @Override
  public Outcome execute(VacuumParams p) throws Exception {
    return writers.write(p.datasource(), p.timeout(), s -> vacuum(s, p));
  }

  private static Outcome vacuum(WriteSession s, VacuumParams p) throws SQLException {
    Optional<Long> table = tableOid(s, p);
    if (table.isEmpty()) {
      return Outcome.failed("table " + p.table().orElseThrow() + " does not exist");
    }
    VacuumStats before = VacuumStats.read(s, table.get(), Instant.EPOCH);
    if (before.tables() == 0) {
      return Outcome.failed(
          "runbookd's role owns no table in the " + p.scope() + " (VACUUM would skip it)");
    }
    String targets = VacuumStats.targets(s, table.get());
    if (before.clean()) {
      return Outcome.notNeeded(
          "the " + p.scope() + " has no dead rows and no changes since its last analyze");
    }
    // Waiting for a table's lock blocks no read or write (SHARE UPDATE EXCLUSIVE).
    s.timeouts(p.timeout(), p.timeout());
    long started = System.nanoTime();
    List<String> warnings;
    try {
      warnings = s.executeForWarnings(statement(p, targets));
    } catch (SQLException e) {
      if (!Reindex.TIMED_OUT.contains(e.getSQLState())) {
        throw e;
      }
      return Outcome.failed(
          "VACUUM (ANALYZE) of the "
              + p.scope()
              + " did not finish within "
              + p.timeout().toSeconds()
              + "s; tables it finished stay vacuumed");
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tables", before.tables());
    data.put("dead_rows_before", before.dead());
    data.put("skipped", warnings.stream().filter(w -> w.contains("skipping")).count());
    data.put("not_owned", before.notOwned());
    data.put("warnings", warnings.stream().limit(5).toList());
    data.put("millis", millis);
    return Outcome.done(
        "VACUUM (ANALYZE) of the "
            + p.scope()
            + " finished in "
            + millis
            + " ms ("
            + before.tables()
            + " tables, "
            + before.dead()
            + " dead rows before"
            + (before.notOwned() == 0 ? "" : "; " + before.notOwned() + " tables not runbookd's")
            + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warnings: " + warnings.get(0))
            + ")",
        data);
  }

  /**
   * The database form names the tables in scope, as the server quoted them, so it skips nothing for
   * lack of ownership (and not the system catalogs, which autovacuum keeps), and skips tables it
   * cannot lock at once rather than wait for DDL on one of them.
   */
  private static String statement(VacuumParams p, String targets) {
    return p.table()
        .map(t -> "VACUUM (ANALYZE) " + t.quoted())
        .orElse("VACUUM (ANALYZE, SKIP_LOCKED) " + targets);
  }

  /** 0 for the database; the table's oid; empty when the table does not exist. */
  private static Optional<Long> tableOid(WriteSession s, VacuumParams p) throws SQLException {
    if (p.table().isEmpty()) {
      return Optional.of(0L);
    }
    return s
        .select("SELECT to_regclass(?)::oid::bigint AS oid", List.of(p.table().get().quoted()))
        .rows()
        .stream()
        .map(r -> (Long) r.get("oid"))
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * DONE when every table in scope was vacuumed and analyzed by hand since {@code startedAt},
   * NOT_APPLIED otherwise (running it again is harmless), NOT_NEEDED when the table is gone.
   */
  @Override
  public Outcome recheck(VacuumParams p, Instant startedAt) throws Exception {
    return writers.write(
        p.datasource(),
        READ_TIMEOUT,
        s -> {
          Optional<Long> table = tableOid(s, p);
          if (table.isEmpty()) {
            return Outcome.notNeeded("table " + p.table().orElseThrow() + " no longer exists");
          }
          VacuumStats since = VacuumStats.read(s, table.get(), startedAt);
          return since.tables() > 0 && since.doneSince() == since.tables()
              ? Outcome.done("the " + p.scope() + " was vacuumed and analyzed since " + startedAt)
              : Outcome.notApplied(
                  since.doneSince()
                      + " of "
                      + since.tables()
                      + " tables in the "
                      + p.scope()
                      + " were vacuumed and analyzed since "
                      + startedAt);
        });
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }
}
