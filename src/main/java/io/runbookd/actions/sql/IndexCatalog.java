package io.runbookd.actions.sql;

import io.runbookd.sql.Rows;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog reads of the index actions. Names are bound as values; only the DDL itself is text. An
 * unqualified table is resolved once through the session's {@code search_path}, and everything
 * after (the DDL included) names its schema explicitly.
 */
final class IndexCatalog {
  /** A table found in the catalog: its schema, name and {@code relkind}. */
  record Resolved(String schema, String name, String kind) {
    String display() {
      return schema + "." + name;
    }

    /** {@code "schema"."name"} for DDL (both parts checked identifiers or catalog names). */
    String quoted() {
      return new TableName(Optional.of(schema), name).quoted();
    }

    boolean indexable() {
      return "r".equals(kind) || "m".equals(kind);
    }
  }

  static final String TABLE =
      """
      SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass(?)\
      """;

  static final String COLUMNS =
      """
      SELECT attname::text AS name FROM pg_attribute
      WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped
        AND attname::text = ANY (string_to_array(?, ','))\
      """;

  private static final String KEY_COLUMNS =
      """
      ARRAY(SELECT a.attname::text
            FROM generate_series(0, i.indnkeyatts - 1) AS k
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]
            ORDER BY k)\
      """;

  static final String INDEX =
      "SELECT c.relkind::text AS kind, tn.nspname::text || '.' || t.relname::text AS table_name,"
          + " coalesce(i.indisvalid, false) AS valid, coalesce(i.indisunique, false) AS uniq,"
          + " coalesce(am.amname::text, '') AS method, "
          + KEY_COLUMNS
          + " AS columns, (i.indexprs IS NULL AND i.indpred IS NULL) AS plain,"
          + " (SELECT conname::text FROM pg_constraint WHERE conindid = c.oid LIMIT 1) AS con"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_am am ON am.oid = c.relam"
          + " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
          + " LEFT JOIN pg_class t ON t.oid = i.indrelid"
          + " LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace"
          + " WHERE n.nspname::text = ? AND c.relname::text = ?";

  static final String EQUIVALENT =
      "SELECT c.relname::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
          + " JOIN pg_am am ON am.oid = c.relam"
          + " WHERE i.indrelid = to_regclass(?) AND i.indisvalid AND am.amname = 'btree'"
          + " AND i.indexprs IS NULL AND i.indpred IS NULL AND (i.indisunique OR NOT ?)"
          + " AND "
          + KEY_COLUMNS
          + " = string_to_array(?, ',') ORDER BY c.relname LIMIT 1";

  private IndexCatalog() {}

  static Optional<Resolved> table(WriteSession s, TableName table) throws SQLException {
    Rows rows = s.select(TABLE, List.of(table.quoted()));
    if (rows.rows().isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = rows.rows().get(0);
    return Optional.of(
        new Resolved((String) r.get("schema"), (String) r.get("name"), (String) r.get("kind")));
  }

  /** The columns of {@code wanted} the table does not have, in the order asked. */
  static List<String> missingColumns(WriteSession s, Resolved table, List<String> wanted)
      throws SQLException {
    Rows rows = s.select(COLUMNS, List.of(table.quoted(), String.join(",", wanted)));
    List<String> missing = new ArrayList<>(wanted);
    rows.rows().forEach(r -> missing.remove((String) r.get("name")));
    return missing;
  }

  /** The relation named {@code name} in the table's schema, if any. */
  static Optional<IndexState> index(WriteSession s, Resolved table, String name)
      throws SQLException {
    Rows rows = s.select(INDEX, List.of(table.schema(), name));
    if (rows.rows().isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = rows.rows().get(0);
    @SuppressWarnings("unchecked")
    List<String> columns = (List<String>) r.get("columns");
    return Optional.of(
        new IndexState(
            (String) r.get("kind"),
            Optional.ofNullable((String) r.get("table_name")),
            (Boolean) r.get("valid"),
            (Boolean) r.get("uniq"),
            (String) r.get("method"),
            columns == null ? List.of() : List.copyOf(columns),
            Boolean.TRUE.equals(r.get("plain")),
            Optional.ofNullable((String) r.get("con"))));
  }

  /** A valid plain b-tree index on exactly these columns (unique when asked), under any name. */
  static Optional<String> equivalent(
      WriteSession s, Resolved table, List<String> columns, boolean unique) throws SQLException {
    Rows rows = s.select(EQUIVALENT, List.of(table.quoted(), unique, String.join(",", columns)));
    return rows.rows().stream().map(r -> (String) r.get("name")).findFirst();
  }
}
