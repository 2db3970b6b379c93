package io.runbookd.actions.sql;

import io.runbookd.sql.SqlIdentifiers;
import java.util.Optional;

/**
 * A table as a rule names it, {@code games} or {@code stats.games}, each part a checked plain
 * identifier.
 */
record TableName(Optional<String> schema, String table) {
  TableName {
    schema.ifPresent(SqlIdentifiers::quote);
    SqlIdentifiers.quote(table);
  }

  /** Parses text that passed {@link SqlIdentifiers#TABLE_CHECK}. */
  static TableName parse(String text) {
    int dot = text.indexOf('.');
    return dot < 0
        ? new TableName(Optional.empty(), text)
        : new TableName(Optional.of(text.substring(0, dot)), text.substring(dot + 1));
  }

  /** The name as {@code to_regclass} reads it: quoted, so it means exactly this table. */
  String quoted() {
    return schema.map(s -> SqlIdentifiers.quote(s) + ".").orElse("") + SqlIdentifiers.quote(table);
  }

  @Override
  public String toString() {
    return schema.map(s -> s + ".").orElse("") + table;
  }
}
