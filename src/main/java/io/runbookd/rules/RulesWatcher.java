package io.runbookd.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules when a rule file changes, and on SIGHUP.
 *
 * <p>It polls the directory (names, sizes and modification times of the rule files) every {@code
 * interval}, 2 s by default, on one daemon thread, rather than using a {@code WatchService}:
 * Kubernetes mounts a ConfigMap by swapping a symlink, which a watch on the directory does not
 * report as a change of the files, and network or overlay file systems may report nothing at all; a
 * listing of a few dozen files every two seconds costs next to nothing. Every reload, SIGHUP
 * included, runs on that one thread.
 */
public final class RulesWatcher implements AutoCloseable {

  /** The default polling interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);

  private final RuleRegistry registry;
  private final Duration interval;
  private final HangupSignal hangup = new HangupSignal();
  private ScheduledExecutorService executor;
  private volatile List<String> lastSeen = List.of();

  public RulesWatcher(RuleRegistry registry) {
    this(registry, DEFAULT_INTERVAL);
  }

  public RulesWatcher(RuleRegistry registry, Duration interval) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /**
   * Starts polling, taking the directory as it is now as the baseline (the caller has loaded it),
   * and installs the SIGHUP handler when {@code onHangup} is true.
   */
  public synchronized void start(boolean onHangup) {
    if (executor != null) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "runbookd-rules-watcher");
              thread.setDaemon(true);
              return thread;
            });
    ScheduledExecutorService mine = executor;
    // Taken here, before the first poll is scheduled; the executor hands it to its thread.
    lastSeen = snapshot();
    long millis = interval.toMillis();
    mine.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    if (onHangup && hangup.install(() -> reloadOn(mine))) {
      LOG.info("SIGHUP reloads the rules in {}", SafeText.of(registry.dir().toString()));
    }
  }

  /** Starts polling and listens for SIGHUP. */
  public void start() {
    start(true);
  }

  public synchronized void stop() {
    hangup.close();
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  // Runs on the watcher thread only; a failure must not cancel the schedule.
  private void poll() {
    try {
      List<String> seen = snapshot();
      if (!seen.equals(lastSeen)) {
        lastSeen = seen;
        LOG.info("rule files changed in {}, reloading", SafeText.of(registry.dir().toString()));
        registry.reload();
      }
    } catch (RuntimeException e) {
      LOG.error("rules watcher poll failed", e);
    }
  }

  // Called on the JVM's signal thread: hand the reload to the watcher thread.
  private void reloadOn(ScheduledExecutorService mine) {
    try {
      mine.execute(this::reload);
    } catch (RejectedExecutionException e) {
      LOG.info("SIGHUP ignored: the rules watcher is stopping");
    }
  }

  private void reload() {
    try {
      lastSeen = snapshot();
      registry.reload();
    } catch (RuntimeException e) {
      LOG.error("rules reload on SIGHUP failed", e);
    }
  }

  private List<String> snapshot() {
    List<String> seen = new ArrayList<>();
    try {
      for (Path file : RuleLoader.ruleFiles(registry.dir())) {
        seen.add(
            file.getFileName()
                + " "
                + Files.size(file)
                + " "
                + Files.getLastModifiedTime(file).toMillis());
      }
    } catch (IOException e) {
      seen.add("unreadable: " + e.getClass().getSimpleName());
    }
    return seen;
  }
}
