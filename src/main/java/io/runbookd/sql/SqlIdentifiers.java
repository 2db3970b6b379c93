package io.runbookd.sql;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names that end up in SQL text: DDL cannot bind a table or column name, so the name itself must be
 * safe. Accepted: lower-case PostgreSQL identifiers ({@code [a-z_][a-z0-9_]*}, at most 63 bytes),
 * which mean the same quoted or not; anything else (quotes, dots, semicolons, upper case) is
 * refused, not escaped. {@link #quote} then only adds the double quotes that keep reserved words
 * such as {@code user} working.
 */
public final class SqlIdentifiers {
  public static final int MAX_LENGTH = 63;
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private SqlIdentifiers() {}

  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** {@code "name"}, for a name that passed {@link #valid}; refuses any other. */
  public static String quote(String name) {
    if (!valid(name)) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + Checks.clip(name));
    }
    return '"' + name + '"';
  }

  /** One identifier, e.g. an index name. */
  public static final Check NAME_CHECK =
      value ->
          valid(String.valueOf(value))
              ? Optional.empty()
              : Optional.of(
                  "'"
                      + Checks.clip(value)
                      + "' is not a plain identifier (a-z, 0-9, '_', not starting with a digit,"
                      + " at most 63)");

  /** A table, optionally schema-qualified: {@code games} or {@code stats.games}. */
  public static final Check TABLE_CHECK =
      value -> {
        String text = String.valueOf(value);
        String[] parts = text.split("\\.", -1);
        boolean ok = parts.length <= 2;
        for (String part : parts) {
          ok &= valid(part);
        }
        return ok
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not a table name (table or schema.table, each"
                    + " a plain identifier: a-z, 0-9, '_', at most 63)");
      };

  /** Check for a list of 1 to {@code max} distinct identifiers, e.g. index columns. */
  public static Check listCheck(int max) {
    return value -> {
      List<?> names = (List<?>) value;
      if (names.isEmpty() || names.size() > max) {
        return Optional.of("must name 1 to " + max + " columns, got " + names.size());
      }
      for (Object name : names) {
        Optional<String> problem = NAME_CHECK.problem(name);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return new HashSet<>(names).size() == names.size()
          ? Optional.empty()
          : Optional.of("names a column twice");
    };
  }
}
