package io.runbookd.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the rule set in force. {@link #current()} is a lock-free read for the event loop; {@link
 * #reload()} swaps in a new set only when every file of the directory is valid, and otherwise keeps
 * the last good set, so a bad edit never leaves the daemon without rules.
 *
 * <p>Metrics: {@code runbookd_rules_reload_total{result="success"|"failure"}} and the gauge {@code
 * runbookd_rules_loaded} (rules in force).
 */
public final class RuleRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RuleRegistry.class);

  private final Path dir;
  private final RuleLoader loader;
  private final AtomicReference<RuleSet> current = new AtomicReference<>(RuleSet.empty());
  private final Counter successes;
  private final Counter failures;
  private volatile boolean loaded;

  public RuleRegistry(Path dir, RuleLoader loader, MeterRegistry meters) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.successes = reloads(meters, "success");
    this.failures = reloads(meters, "failure");
    Gauge.builder("runbookd.rules.loaded", current, rules -> rules.get().size())
        .description("Rules in force")
        .strongReference(true)
        .register(meters);
  }

  private static Counter reloads(MeterRegistry meters, String result) {
    return Counter.builder("runbookd.rules.reload")
        .description("Rule directory loads, by result")
        .tag("result", result)
        .register(meters);
  }

  /** The rule set in force: empty until the first successful load. */
  public RuleSet current() {
    return current.get();
  }

  /** Whether a load has ever succeeded (readiness). */
  public boolean loaded() {
    return loaded;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Loads the directory again. On success the new set is in force for every match that starts after
   * this returns; on failure the previous set stays and the problems are logged. Synchronized so
   * that reloads from the watcher, SIGHUP and the composition root never interleave.
   */
  public synchronized LoadResult reload() {
    LoadResult result = loader.load(dir);
    if (result.ruleSet().isPresent()) {
      current.set(result.ruleSet().get());
      loaded = true;
      successes.increment();
      LOG.info(
          "loaded {} rules from {}", result.ruleSet().get().size(), SafeText.of(dir.toString()));
    } else {
      failures.increment();
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
