package io.runbookd.actions.sql;

import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog reads of {@code sql.reindex_concurrently}: the index and its table, the INVALID indexes a
 * failed {@code REINDEX ... CONCURRENTLY} leaves on the table ({@code <name>_ccnew}, {@code
 * <name>_ccnew1}, ..., or {@code _ccold} when it failed after the swap), and whether a concurrent
 * build on the table is under way. Names are bound values; only the REINDEX itself is text.
 */
final class ReindexCatalog {
  /** The index as the catalog has it, with its table and what a rebuild needs to know. */
  record Found(
      String schema,
      String name,
      String kind,
      String table,
      long tableOid,
      boolean valid,
      long filenode,
      long bytes,
      boolean owned) {
    String display() {
      return schema + "." + name;
    }

    String quoted() {
      return new TableName(Optional.of(schema), name).quoted();
    }
  }

  private static final String INDEX =
      """
      SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
             coalesce(tn.nspname::text || '.' || t.relname::text, '') AS table_name,
             coalesce(t.oid::bigint, 0) AS table_oid, coalesce(i.indisvalid, false) AS valid,
             coalesce(pg_relation_filenode(c.oid)::bigint, 0) AS filenode,
             pg_relation_size(c.oid) AS bytes,
             coalesce(pg_has_role(t.relowner, 'USAGE'), false) AS owned
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_index i ON i.indexrelid = c.oid
      LEFT JOIN pg_class t ON t.oid = i.indrelid
      LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE c.oid = to_regclass(?)\
      """;

  private static final String LEFTOVERS =
      """
      SELECT n.nspname::text || '.' || c.relname::text AS name
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = ?::bigint::oid AND NOT i.indisvalid
        AND c.relname ~ '_cc(new|old)[0-9]*$'
      ORDER BY c.relname\
      """;

  private static final String BUILDING =
      "SELECT count(*) AS n FROM pg_stat_progress_create_index WHERE relid = ?::bigint::oid";

  private ReindexCatalog() {}

  static Optional<Found> index(WriteSession s, TableName index) throws SQLException {
    List<Map<String, Object>> rows = s.select(INDEX, List.of(index.quoted())).rows();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = rows.get(0);
    return Optional.of(
        new Found(
            (String) r.get("schema"),
            (String) r.get("name"),
            (String) r.get("kind"),
            (String) r.get("table_name"),
            (Long) r.get("table_oid"),
            (Boolean) r.get("valid"),
            (Long) r.get("filenode"),
            (Long) r.get("bytes"),
            (Boolean) r.get("owned")));
  }

  /** INVALID {@code *_ccnew*} / {@code *_ccold*} indexes of the table, schema-qualified. */
  static List<String> leftovers(WriteSession s, long tableOid) throws SQLException {
    return s.select(LEFTOVERS, List.of(tableOid)).rows().stream()
        .map(r -> (String) r.get("name"))
        .toList();
  }

  /** Whether a CREATE INDEX or REINDEX on the table is running now (any session runbookd sees). */
  static boolean building(WriteSession s, long tableOid) throws SQLException {
    return (Long) s.select(BUILDING, List.of(tableOid)).rows().get(0).get("n") > 0;
  }

  /** What to say about leftovers: what they are and the statement that clears each. */
  static String describe(List<String> leftovers) {
    return "INVALID index "
        + String.join(", ", leftovers)
        + " left by a failed REINDEX CONCURRENTLY; drop it ("
        + String.join("; ", leftovers.stream().map(l -> "DROP INDEX CONCURRENTLY " + l).toList())
        + ") before rebuilding again";
  }
}
