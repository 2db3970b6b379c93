package io.runbookd.store;

import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Tells a fault of the store itself (it cannot write at all now) from a write that is wrong.
 * The first fails every write of a batch and makes the daemon unready; the second fails only
 * that write.
 */
final class StoreFaults {
  private StoreFaults() {}

  static boolean isStoreFault(Throwable e) {
    return !kind(e).equals("write");
  }

  /** {@code disk_full}, {@code read_only}, {@code io}, {@code damaged}, {@code connection}, or {@code write}. */
  static String kind(Throwable e) {
    boolean connection = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        return sqlite(s.getResultCode());
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String kind = postgres(s.getSQLState());
        if (!kind.equals("write")) {
          return kind;
        }
      }
      connection |= t instanceof java.sql.SQLTransientConnectionException;
      if (t.getCause() == t) {
        break;
      }
    }
    return connection ? "connection" : "write";
  }

  private static String sqlite(SQLiteErrorCode code) {
    if (code == null) {
      return "write";
    }
    String name = code.name();
    if (name.startsWith("SQLITE_FULL")) {
      return "disk_full";
    }
    if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_PERM") || name.startsWith("SQLITE_AUTH")) {
      return "read_only";
    }
    if (name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_BUSY")) {
      return "io";
    }
    if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
      return "damaged";
    }
    return "write";
  }

  private static String postgres(String state) {
    if (state.startsWith("08") || state.startsWith("57P")) {
      return "connection";
    }
    if (state.equals("53100")) {
      return "disk_full";
    }
    if (state.startsWith("53") || state.startsWith("58")) {
      return "io";
    }
    if (state.equals("25006")) {
      return "read_only";
    }
    return "write";
  }

  /** One line for logs and answers: the kind and the driver's message, without credentials. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).replaceAll("(?i)password=[^&;\\s]*", "password=***");
    return kind(e).replace('_', ' ').toLowerCase(Locale.ROOT) + ": " + message;
  }
}
