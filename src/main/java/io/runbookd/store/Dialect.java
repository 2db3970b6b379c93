package io.runbookd.store;

/** The few statements that differ between the embedded store (H2) and PostgreSQL. */
public enum Dialect {
  H2,
  POSTGRES;

  private static final String COLUMNS =
      "id, fingerprint, starts_at, starts_at_ts, ends_at, alertname, status, rule_id,"
          + " rule_version, priority, labels, annotations, alert_value, generator_url,"
          + " created_at, updated_at, next_run_at";
  private static final String PARAMS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

  public static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRES : H2;
  }

  /**
   * Inserts an incident unless its episode is already stored; the update count says which.
   * PostgreSQL resolves concurrent inserts from several replicas with {@code ON CONFLICT}; the
   * embedded H2 file belongs to one process, whose intake writes from a single thread, so a
   * guarded insert is enough there (and the unique keys still hold if that ever changes).
   */
  public String insertIncidentIfAbsent() {
    if (this == POSTGRES) {
      return "INSERT INTO incidents (" + COLUMNS + ") VALUES (" + PARAMS + ") ON CONFLICT DO NOTHING";
    }
    return "INSERT INTO incidents ("
        + COLUMNS
        + ") SELECT "
        + PARAMS
        + " FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE id = ?)";
  }

  /** Whether {@link #insertIncidentIfAbsent()} takes the id once more at the end. */
  public boolean insertRepeatsId() {
    return this == H2;
  }
}
