package io.runbookd.rules;

import io.runbookd.metrics.Metrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the rule set in force. {@link #current()} is a lock-free read for the event loop; {@link
 * #reload()} swaps in a new set only when every file of the directory is valid, and otherwise keeps
 * the last good set, so a bad edit never leaves the daemon without rules. {@link #lastReload()} says
 * how the last reload went, so that a kept set is never a silent one.
 *
 * <p>Metrics: {@code runbookd_rules_reload_total{result="success"|"failure"}} and the gauge {@code
 * runbookd_rules_loaded} (rules in force).
 */
public final class RuleRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RuleRegistry.class);

  private final Path dir;
  private final RuleLoader loader;
  private final AtomicReference<RuleSet> current = new AtomicReference<>(RuleSet.empty());
  private final Metrics metrics;
  private final Clock clock;
  private volatile boolean loaded;
  private volatile Optional<Reload> lastReload = Optional.empty();

  public RuleRegistry(Path dir, RuleLoader loader, Metrics metrics) {
    this(dir, loader, metrics, Clock.systemUTC());
  }

  public RuleRegistry(Path dir, RuleLoader loader, Metrics metrics, Clock clock) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.metrics = metrics;
    this.clock = Objects.requireNonNull(clock, "clock");
    metrics.gauge("runbookd_rules_loaded", "Rules in force", () -> current.get().size());
  }

  /** The rule set in force: empty until the first successful load. */
  public RuleSet current() {
    return current.get();
  }

  /** Whether a load has ever succeeded (readiness). */
  public boolean loaded() {
    return loaded;
  }

  /** How the last reload went (empty before the first). */
  public Optional<Reload> lastReload() {
    return lastReload;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Loads the directory again. On success the new set is in force for every match that starts after
   * this returns; on failure the previous set stays, the problems are logged and the first ones are
   * kept as the {@link #lastReload()}. Synchronized so that reloads from the watcher, SIGHUP and
   * the composition root never interleave.
   */
  public synchronized LoadResult reload() {
    LoadResult result = loader.load(dir);
    lastReload = Optional.of(Reload.of(result, clock.instant()));
    if (result.ruleSet().isPresent()) {
      current.set(result.ruleSet().get());
      loaded = true;
      metrics.rulesReload(true);
      LOG.info(
          "loaded {} rules from {}", result.ruleSet().get().size(), SafeText.of(dir.toString()));
    } else {
      metrics.rulesReload(false);
      LOG.error(
          "rules in {} are invalid, keeping the {} rules in force; {} problems:",
          SafeText.of(dir.toString()),
          current.get().size(),
          result.problems().size());
      result.problems().forEach(problem -> LOG.error("  {}", problem));
    }
    return result;
  }
}
