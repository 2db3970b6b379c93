package io.runbookd.actions.sql;

import io.runbookd.actions.Outcome;
import io.runbookd.plugin.Checks;
import io.runbookd.sql.SqlIdentifiers;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of {@code sql.create_index_concurrently} on one writer connection: check the table, its
 * columns and the name, then build, then read back whether the build left a valid index.
 */
final class Build {
  private final WriteSession s;
  private final IndexParams p;

  Build(WriteSession s, IndexParams p) {
    this.s = s;
    this.p = p;
  }

  Outcome run() throws SQLException {
    Optional<IndexCatalog.Resolved> found = IndexCatalog.table(s, p.table());
    if (found.isEmpty()) {
      return Outcome.failed("table " + p.table() + " does not exist (or runbookd cannot see it)");
    }
    IndexCatalog.Resolved table = found.get();
    if (!table.indexable()) {
      return Outcome.failed(table.display() + " is not a table (relkind " + table.kind() + ")");
    }
    List<String> missing = IndexCatalog.missingColumns(s, table, p.columns());
    if (!missing.isEmpty()) {
      return Outcome.failed(
          "table " + table.display() + " has no column " + String.join(", ", missing));
    }
    Optional<Outcome> decided = existing(table);
    return decided.isPresent() ? decided.get() : build(table);
  }

  /** What an index already there means: nothing to do, or a reason not to build. */
  private Optional<Outcome> existing(IndexCatalog.Resolved table) throws SQLException {
    Optional<IndexState> index = IndexCatalog.index(s, table, p.name());
    if (index.isEmpty()) {
      return IndexCatalog.equivalent(s, table, p.columns(), p.unique())
          .map(
              other ->
                  Outcome.notNeeded("valid index " + other + " already covers " + wanted(table)));
    }
    IndexState state = index.get();
    if (!state.isIndex()) {
      return Optional.of(
          Outcome.failed("name " + p.name() + " is taken by a relation of kind " + state.kind()));
    }
    if (!state.serves(table.display(), p.columns(), p.unique())) {
      return Optional.of(
          Outcome.failed(
              "index name "
                  + p.name()
                  + " is taken by a "
                  + state.describe()
                  + "; choose another name"));
    }
    return Optional.of(
        state.valid()
            ? Outcome.notNeeded(
                "index " + p.name() + " already exists and is valid: " + state.describe())
            : Outcome.failed(invalid(table, p.name())));
  }

  private Outcome build(IndexCatalog.Resolved table) throws SQLException {
    // Waiting for a lock does not block other sessions' reads and writes here (SHARE UPDATE
    // EXCLUSIVE), and a lock timeout after the first phase would leave an INVALID index: let the
    // lock waits run as long as the statement may.
    s.timeouts(p.timeout(), p.timeout());
    try {
      s.execute(ddl(table));
    } catch (SQLException e) {
      Optional<IndexState> left = IndexCatalog.index(s, table, p.name());
      if (left.isPresent() && left.get().isIndex() && !left.get().valid()) {
        return Outcome.failed(
            "the build failed (" + firstLine(e) + "); " + invalid(table, p.name()));
      }
      throw e;
    }
    Optional<IndexState> built = IndexCatalog.index(s, table, p.name());
    if (built.isEmpty() || !built.get().valid()) {
      return Outcome.failed("the build returned but " + invalid(table, p.name()));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("index", p.name());
    data.put("table", table.display());
    data.put("columns", p.columns());
    data.put("unique", p.unique());
    return Outcome.done("created index " + p.name() + " concurrently on " + wanted(table), data);
  }

  String ddl(IndexCatalog.Resolved table) {
    return "CREATE "
        + (p.unique() ? "UNIQUE " : "")
        + "INDEX CONCURRENTLY "
        + SqlIdentifiers.quote(p.name())
        + " ON "
        + table.quoted()
        + " ("
        + String.join(", ", p.columns().stream().map(SqlIdentifiers::quote).toList())
        + ")";
  }

  private String wanted(IndexCatalog.Resolved table) {
    return table.display() + " (" + String.join(", ", p.columns()) + ")";
  }

  static String invalid(IndexCatalog.Resolved table, String name) {
    String qualified = table.schema() + "." + name;
    return "index "
        + qualified
        + " exists but is INVALID (left by a failed or unfinished concurrent build); drop it"
        + " (DROP INDEX CONCURRENTLY "
        + qualified
        + ", or sql.drop_index_concurrently) and retry";
  }

  /** The server's first line; further lines (DETAIL) may quote row values. */
  private static String firstLine(SQLException e) {
    String text = String.valueOf(e.getMessage()).strip();
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return Checks.clip(line) + " (SQLSTATE " + e.getSQLState() + ")";
  }
}
