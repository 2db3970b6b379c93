package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.testing.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's file stays near its live size, although every commit is written out. */
class H2CompactionTest {
  @TempDir Path dir;

  @Test
  void compactionGivesBackTheSpaceCommitsLeftBehind() throws Exception {
    try (Store store = Store.open(StoreKind.H2.config(dir))) {
      IncidentWriter writer = new IncidentWriter(store.dialect(), Clock.systemUTC(), new ObjectMapper());
      for (int i = 0; i < 2000; i++) {
        try (Connection c = store.connection()) {
          c.setAutoCommit(false);
          writer.apply(c, List.of(IncidentStoreTest.draft(String.format("%016x", i),
              Instant.parse("2025-10-12T14:03:27Z"), Alert.Status.FIRING)));
          c.commit();
        }
      }
      long grown = size();

      H2Compaction compaction = new H2Compaction(store.dataSource());
      for (int i = 0; i < 20; i++) {
        compaction.compact();
      }

      assertThat(size()).as("file after compaction vs %d before", grown).isLessThan(grown / 2);
    }
  }

  private long size() throws Exception {
    return Files.size(dir.resolve("runbookd.mv.db"));
  }
}
