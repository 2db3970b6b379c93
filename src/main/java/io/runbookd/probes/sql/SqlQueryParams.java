package io.runbookd.probes.sql;

import java.time.Duration;

/**
 * What {@code sql.query} runs: a named query on a configured datasource, its parameters bound into
 * {@code report}, under a statement timeout.
 */
public record SqlQueryParams(String datasource, String query, Report report, Duration timeout) {}
