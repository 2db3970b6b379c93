package io.runbookd.actions.sql;

import io.runbookd.actions.Outcome;
import io.runbookd.plugin.Checks;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run of {@code sql.reindex_concurrently} on one writer connection: check the index, refuse
 * when an earlier failed rebuild left an INVALID copy on its table (rebuilding again would add
 * another), rebuild, then read back that the index has a new file.
 */
final class Reindex {
  /** query_canceled (statement_timeout) and lock_not_available (lock_timeout). */
  static final Set<String> TIMED_OUT = Set.of("57014", "55P03");

  private final WriteSession s;
  private final ReindexParams p;

  Reindex(WriteSession s, ReindexParams p) {
    this.s = s;
    this.p = p;
  }

  Outcome run() throws SQLException {
    Optional<ReindexCatalog.Found> found = ReindexCatalog.index(s, p.index());
    if (found.isEmpty()) {
      return Outcome.failed("index " + p.index() + " does not exist (or runbookd cannot see it)");
    }
    ReindexCatalog.Found index = found.get();
    Optional<String> refusal = refusal(index);
    if (refusal.isPresent()) {
      return Outcome.failed(refusal.get());
    }
    List<String> leftovers = ReindexCatalog.leftovers(s, index.tableOid());
    if (!leftovers.isEmpty()) {
      return Outcome.failed(
          "table " + index.table() + " has an " + ReindexCatalog.describe(leftovers));
    }
    return rebuild(index);
  }

  private static Optional<String> refusal(ReindexCatalog.Found index) {
    if (!"i".equals(index.kind())) {
      return Optional.of(index.display() + " is not an index (relkind " + index.kind() + ")");
    }
    if (index.schema().equals("pg_catalog") || index.schema().startsWith("pg_toast")) {
      return Optional.of(
          index.display()
              + " is a system index; system catalogs cannot be"
              + " reindexed concurrently");
    }
    if (!index.owned()) {
      return Optional.of(
          "runbookd's role does not own table " + index.table() + " (REINDEX needs ownership)");
    }
    return Optional.empty();
  }

  private Outcome rebuild(ReindexCatalog.Found index) throws SQLException {
    // Waiting for older transactions does not block other sessions' reads or writes (SHARE
    // UPDATE EXCLUSIVE): let lock waits run as long as the statement may.
    s.timeouts(p.timeout(), p.timeout());
    try {
      s.execute("REINDEX INDEX CONCURRENTLY " + index.quoted());
    } catch (SQLException e) {
      return failed(index, e);
    }
    Optional<ReindexCatalog.Found> after = ReindexCatalog.index(s, p.index());
    if (after.isEmpty() || !after.get().valid() || after.get().filenode() == index.filenode()) {
      return Outcome.failed(
          "REINDEX of "
              + index.display()
              + " returned but the index was not"
              + " replaced by a valid new one");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("index", index.display());
    data.put("table", index.table());
    data.put("bytes_before", index.bytes());
    data.put("bytes_after", after.get().bytes());
    data.put("filenode_before", index.filenode());
    data.put("filenode_after", after.get().filenode());
    return Outcome.done(
        "rebuilt index "
            + index.display()
            + " concurrently: "
            + index.bytes() / 1024
            + " KiB -> "
            + after.get().bytes() / 1024
            + " KiB",
        data);
  }

  /** A failure that left an INVALID copy, or a timeout, is the outcome; anything else is thrown. */
  private Outcome failed(ReindexCatalog.Found index, SQLException e) throws SQLException {
    List<String> leftovers = ReindexCatalog.leftovers(s, index.tableOid());
    String why =
        TIMED_OUT.contains(e.getSQLState())
            ? "did not finish within " + p.timeout().toSeconds() + "s"
            : "failed (" + firstLine(e) + ")";
    if (!leftovers.isEmpty()) {
      return Outcome.failed(
          "REINDEX CONCURRENTLY of "
              + index.display()
              + " "
              + why
              + "; "
              + ReindexCatalog.describe(leftovers));
    }
    if (TIMED_OUT.contains(e.getSQLState())) {
      return Outcome.failed(
          "REINDEX CONCURRENTLY of " + index.display() + " " + why + "; nothing was left behind");
    }
    throw e;
  }

  /** The server's first line; further lines (DETAIL) may quote row values. */
  private static String firstLine(SQLException e) {
    String text = String.valueOf(e.getMessage()).strip();
    int nl = text.indexOf('\n');
    return Checks.clip(nl < 0 ? text : text.substring(0, nl))
        + " (SQLSTATE "
        + e.getSQLState()
        + ")";
  }
}
