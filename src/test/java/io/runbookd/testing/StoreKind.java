package io.runbookd.testing;

import io.runbookd.config.RunbookdConfig;
import java.nio.file.Path;
import java.util.Optional;

/** The two stores every store-facing test runs against. */
public enum StoreKind {
  SQLITE,
  POSTGRES;

  /** A fresh, empty store configuration; SQLite files go under {@code dir}. */
  public RunbookdConfig.Store config(Path dir) {
    if (this == SQLITE) {
      return new RunbookdConfig.Store(
          "jdbc:sqlite:" + dir.resolve("runbookd.db").toAbsolutePath(),
          Optional.empty(),
          Optional.empty(),
          8);
    }
    return new RunbookdConfig.Store(
        Postgres.newDatabase(),
        Optional.of("postgres"),
        Optional.of(io.runbookd.config.Secret.of("postgres")),
        8);
  }
}
