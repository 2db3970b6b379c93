package io.runbookd.probes.sql;

import static org.awaitility.Awaitility.await;

import io.runbookd.sql.TestDatasources;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real lock wait: the holder updates a row and leaves its transaction open (idle in transaction);
 * the waiter updates the same row on another thread and waits. The waiter has a statement timeout,
 * so it ends even if the test fails before releasing the holder.
 */
public final class LockScenario implements AutoCloseable {
  public final Connection holder;
  final Connection waiter;
  public final long holderPid;
  final long waiterPid;
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Future<?> waiting;

  private LockScenario(String url) throws SQLException {
    TestDatasources.execute(
        url,
        "CREATE TABLE IF NOT EXISTS accounts (id int PRIMARY KEY, balance int)",
        "INSERT INTO accounts VALUES (1, 0) ON CONFLICT DO NOTHING");
    holder = TestDatasources.connect(url);
    waiter = TestDatasources.connect(url);
    holderPid = TestDatasources.pid(holder);
    waiterPid = TestDatasources.pid(waiter);
    holder.setAutoCommit(false);
    try (Statement s = holder.createStatement()) {
      s.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
    }
    waiting =
        thread.submit(
            () -> {
              try (Statement s = waiter.createStatement()) {
                s.execute("SET statement_timeout = '30s'");
                s.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1");
              }
              return null;
            });
  }

  /** Starts the scenario and returns once the waiter is seen waiting for the lock. */
  public static LockScenario start(String url) throws SQLException {
    LockScenario scenario = new LockScenario(url);
    String waits =
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = "
            + scenario.waiterPid;
    await().atMost(Duration.ofSeconds(20)).until(() -> TestDatasources.count(url, waits) == 1);
    return scenario;
  }

  @Override
  public void close() throws SQLException {
    try {
      holder.rollback();
      waiting.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the waiting session did not finish after the lock was released", e);
    } finally {
      thread.shutdownNow();
      holder.close();
      waiter.close();
    }
  }
}
