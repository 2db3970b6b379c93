package io.runbookd.sql;

import io.runbookd.plugin.RefusedException;

/** A datasource name that is not configured; the message lists the configured ones. */
public final class UnknownDatasourceException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public UnknownDatasourceException(String message) {
    super(message);
  }
}
