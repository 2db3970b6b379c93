/**
 * Reading the PostgreSQL databases runbookd diagnoses: one small read-only pool per configured
 * datasource ({@link io.runbookd.sql.Datasources}), the queries rules may name ({@link
 * io.runbookd.sql.NamedQueries}), and {@link io.runbookd.sql.SqlReader}, which runs them in a
 * read-only transaction with a statement timeout and bound parameters only.
 */
package io.runbookd.sql;
