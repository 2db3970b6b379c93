package io.runbookd.probes.sql;

import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;

/**
 * One query {@code sql.query} can run, with its parameters already bound: its SQL, and how its rows
 * become probe data and a summary line.
 */
public sealed interface Report
    permits ConnectionsReport,
        SlowStatementsReport,
        BlockingReport,
        LongTransactionsReport,
        TableSizesReport,
        RowsReport {

  /** Reads inside one read-only transaction on {@code datasource}. */
  Finding read(Session session, String datasource) throws SQLException, RefusedException;
}
