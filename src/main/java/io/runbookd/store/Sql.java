package io.runbookd.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few JDBC idioms every store class uses: bind, update, read rows. */
final class Sql {
  private Sql() {}

  /** Reads one row into a value. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return out;
      }
    }
  }

  static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
      }
    }
  }

  static long count(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  /** A NULL of a known type, where PostgreSQL cannot infer one ({@code COALESCE(?, x)}). */
  record Null(int type) {}

  static final Null NULL_LONG = new Null(Types.BIGINT);
  static final Null NULL_TEXT = new Null(Types.VARCHAR);

  /** An optional instant, bound as epoch milliseconds or a typed NULL. */
  static Object millis(Optional<Instant> at) {
    return at.<Object>map(Instant::toEpochMilli).orElse(NULL_LONG);
  }

  /** Instants are bound as epoch milliseconds; {@code null} as SQL NULL. */
  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant instant) {
        ps.setLong(i + 1, instant.toEpochMilli());
      } else if (arg instanceof Optional<?> optional) {
        bindOne(ps, i + 1, optional.orElse(null));
      } else {
        bindOne(ps, i + 1, arg);
      }
    }
  }

  private static void bindOne(PreparedStatement ps, int index, Object arg) throws SQLException {
    if (arg == null) {
      ps.setNull(index, Types.NULL);
    } else if (arg instanceof Null typed) {
      ps.setNull(index, typed.type());
    } else if (arg instanceof Instant instant) {
      ps.setLong(index, instant.toEpochMilli());
    } else if (arg instanceof String text) {
      ps.setString(index, text);
    } else if (arg instanceof Long number) {
      ps.setLong(index, number);
    } else if (arg instanceof Integer number) {
      ps.setLong(index, number);
    } else if (arg instanceof Double number) {
      ps.setDouble(index, number);
    } else if (arg instanceof Boolean flag) {
      ps.setLong(index, flag ? 1 : 0);
    } else {
      ps.setString(index, arg.toString());
    }
  }

  /** A nullable epoch-millisecond column as an instant. */
  static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /** A NOT NULL epoch-millisecond column as an instant. */
  static Instant at(ResultSet rs, int column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }

  /** "?, ?, ?" for {@code n} parameters. */
  static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /** A statement that may fail. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws SQLException;
  }

  /** Runs statements for a public store method: a failure is a {@link StoreException}. */
  static <T> T wrap(Call<T> call) {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new StoreException("store statement failed: " + StoreFaults.describe(e), e);
    }
  }
}
