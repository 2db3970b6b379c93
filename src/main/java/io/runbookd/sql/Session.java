package io.runbookd.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read-only transaction, as {@link SqlReader} hands it to the work that runs in it. SQL is
 * fixed text; every value is a bound parameter.
 */
public final class Session {
  /** No query reads more rows than this, whatever a rule asks for. */
  public static final int MAX_ROWS = 100;

  private final Connection connection;

  Session(Connection connection) {
    this.connection = connection;
  }

  /**
   * Runs one query with {@code args} bound to its placeholders in order ({@code Long}, {@code
   * Double}, {@code String}, {@code Boolean}) and reads at most {@code limit} rows (at most {@value
   * #MAX_ROWS}).
   */
  public Rows select(String sql, List<?> args, int limit) throws SQLException {
    int cap = Math.max(1, Math.min(limit, MAX_ROWS));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        bind(statement, i + 1, args.get(i));
      }
      statement.setMaxRows(cap + 1);
      try (ResultSet rs = statement.executeQuery()) {
        return read(rs, cap);
      }
    }
  }

  private static void bind(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Integer n) {
      statement.setInt(index, n);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else if (value instanceof String s) {
      statement.setString(index, s);
    } else if (value instanceof Boolean b) {
      statement.setBoolean(index, b);
    } else {
      throw new IllegalArgumentException("cannot bind a " + value.getClass().getSimpleName());
    }
  }

  private static Rows read(ResultSet rs, int cap) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == cap) {
        truncated = true;
        break;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        row.put(meta.getColumnLabel(c), SqlValues.of(rs.getObject(c), meta.getColumnTypeName(c)));
      }
      rows.add(Collections.unmodifiableMap(row));
    }
    return new Rows(rows, truncated);
  }
}
