package io.runbookd.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every cell of every table of a closed SQLite store, read as text: what an attacker with a copy
 * of the file (or a backup) would read.
 */
final class StoredText {
  private StoredText() {}

  /** {@code table.column} of each cell that contains one of {@code needles}. */
  static List<String> containing(Path db, List<String> needles) throws SQLException {
    if (!Files.exists(db)) {
      throw new AssertionError("no store at " + db);
    }
    List<String> found = new ArrayList<>();
    int cells = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      for (String table : tables(c)) {
        try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              String cell = rs.getString(i);
              cells++;
              if (cell != null && needles.stream().anyMatch(cell::contains)) {
                found.add(table + "." + rs.getMetaData().getColumnName(i));
              }
            }
          }
        }
      }
    }
    if (cells == 0) {
      throw new AssertionError("the store at " + db + " holds nothing: the scan would prove nothing");
    }
    return found;
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
