package io.runbookd.actions.sql;

import java.util.List;
import java.util.Optional;

/**
 * What the catalog says about a relation with a given name in a table's schema: whether it is an
 * index, of which table, and whether a finished build made it usable ({@code pg_index.indisvalid};
 * a failed {@code CREATE INDEX CONCURRENTLY} leaves one that is not).
 *
 * @param kind {@code pg_class.relkind}: {@code i} for an index
 * @param table the indexed table, {@code schema.table}; empty when not an index
 * @param method the access method, e.g. {@code btree}
 * @param columns the key columns in order; expression columns are left out ({@code plain} false)
 * @param plain no expression columns and no {@code WHERE} predicate
 * @param constraint the constraint the index backs (primary key, unique), if any
 */
record IndexState(
    String kind,
    Optional<String> table,
    boolean valid,
    boolean unique,
    String method,
    List<String> columns,
    boolean plain,
    Optional<String> constraint) {

  boolean isIndex() {
    return "i".equals(kind);
  }

  /** Whether it is a usable stand-in for the index asked for (a unique one serves a plain ask). */
  boolean serves(String onTable, List<String> wanted, boolean wantUnique) {
    return isIndex()
        && table.equals(Optional.of(onTable))
        && plain
        && "btree".equals(method)
        && columns.equals(wanted)
        && (unique || !wantUnique);
  }

  String describe() {
    return (unique ? "unique " : "")
        + method
        + " index on "
        + table.orElse("?")
        + " ("
        + (plain ? String.join(", ", columns) : "expressions or a predicate")
        + ")";
  }
}
