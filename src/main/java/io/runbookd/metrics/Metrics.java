package io.runbookd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Every meter runbookd exports, named in one place. The other packages call these methods and
 * never see Micrometer; the names are the Prometheus names users' dashboards and alerts query
 * (the fixed ones are in the specification).
 */
public final class Metrics {
  private final MeterRegistry registry;
  private final Intake intake;

  private Metrics(MeterRegistry registry) {
    this.registry = registry;
    this.intake = new Intake(registry);
    reloads(true);
    reloads(false);
  }

  /** The daemon's registry, scraped at {@code /metrics}. */
  public static Metrics prometheus() {
    return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** A registry that only counts, for tests and offline commands. */
  public static Metrics inMemory() {
    return new Metrics(new SimpleMeterRegistry());
  }

  /** The Prometheus text exposition; empty for an in-memory registry. */
  public String scrape() {
    return registry instanceof PrometheusMeterRegistry p ? p.scrape() : "";
  }

  public Intake intake() {
    return intake;
  }

  /** One store commit of {@code tasks} write tasks. */
  public void storeCommit(Duration took, int tasks) {
    Timer.builder("runbookd_store_commit_seconds")
        .description("Commits of the store's writer, each holding one or more writes")
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
    DistributionSummary.builder("runbookd_store_commit_writes").register(registry).record(tasks);
  }

  /** A commit the store refused (disk full, read-only file, connection lost). */
  public void storeFailure(String kind) {
    registry.counter("runbookd_store_failures_total", "kind", kind).increment();
  }

  public void probe(String probe, Duration took) {
    registry.timer("runbookd_probe_seconds", "probe", probe).record(took);
  }

  /** An action's result: {@code executed}, {@code dry_run}, {@code blocked} or {@code failed}. */
  public void action(String action, String result) {
    registry.counter("runbookd_actions_total", "action", action, "result", result).increment();
  }

  public void actionTime(String action, Duration took) {
    registry.timer("runbookd_action_seconds", "action", action).record(took);
  }

  public void guardBlock(String guard) {
    registry.counter("runbookd_guard_blocks_total", "guard", guard).increment();
  }

  /** An incident reached an outcome ({@code resolved}, {@code escalated}, …); rule "" if none. */
  public void incident(String rule, String outcome) {
    registry.counter("runbookd_incidents_total", "rule", rule, "outcome", outcome).increment();
  }

  /** A page attempt's result: {@code delivered}, {@code rejected} or {@code retry}. */
  public void page(String pager, String priority, String result) {
    registry.counter("runbookd_pages_total", "pager", pager, "priority", priority, "result", result)
        .increment();
  }

  public void rulesReload(boolean ok) {
    reloads(ok).increment();
  }

  private Counter reloads(boolean ok) {
    return Counter.builder("runbookd_rules_reload_total")
        .description("Rule directory loads, by result")
        .tag("result", ok ? "success" : "failure")
        .register(registry);
  }

  /**
   * The current value of a counter or gauge (0 when it does not exist), by its registered name
   * and tags (key, value, …): what a test or the status page reads.
   */
  public double value(String name, String... tags) {
    io.micrometer.core.instrument.search.Search search = registry.find(name).tags(tags);
    Counter counter = search.counter();
    if (counter != null) {
      return counter.count();
    }
    Gauge gauge = search.gauge();
    if (gauge != null) {
      return gauge.value();
    }
    Timer timer = search.timer();
    return timer == null ? 0 : timer.count();
  }

  /**
   * A value read when scraped: {@code runbookd_rules_loaded}, {@code runbookd_kill_switch_engaged},
   * {@code runbookd_engine_backlog}, {@code runbookd_store_ready}, …
   */
  public void gauge(String name, String description, DoubleSupplier value) {
    Gauge.builder(name, value::getAsDouble).description(description).strongReference(true).register(registry);
  }

  /**
   * {@code runbookd_incidents_open{status}}: incidents not ended, one series per status in {@code
   * statuses} (so each is 0 rather than absent when none is in it). {@code count} must answer from
   * memory: it runs on every scrape.
   */
  public void incidentsOpen(java.util.List<String> statuses, java.util.function.ToDoubleFunction<String> count) {
    for (String status : statuses) {
      Gauge.builder("runbookd_incidents_open", () -> count.applyAsDouble(status))
          .description("Incidents not ended, by status, as last counted in the store")
          .tag("status", status).strongReference(true).register(registry);
    }
  }

  /** The intake's counters, kept as fields: they are incremented for every delivery. */
  public static final class Intake {
    private final Counter received;
    private final Counter rejected;
    private final Counter truncated;
    private final Counter invalid;
    private final Counter unavailable;
    private final Counter opened;
    private final Counter joined;
    private final Counter duplicates;

    Intake(MeterRegistry registry) {
      received = registry.counter("runbookd_alerts_received_total");
      rejected = registry.counter("runbookd_alerts_rejected_total");
      truncated = registry.counter("runbookd_alerts_truncated_total");
      invalid = registry.counter("runbookd_webhook_invalid_total");
      unavailable = registry.counter("runbookd_webhook_unavailable_total");
      opened = registry.counter("runbookd_incidents_opened_total");
      joined = registry.counter("runbookd_alerts_joined_total");
      duplicates = registry.counter("runbookd_alerts_duplicate_total");
    }

    public void received(int alerts) {
      received.increment(alerts);
    }

    public void rejected(int alerts) {
      rejected.increment(alerts);
    }

    public void truncated(int alerts) {
      truncated.increment(alerts);
    }

    public void invalidBody() {
      invalid.increment();
    }

    public void unavailable() {
      unavailable.increment();
    }

    /** What the store made of a delivery's alerts. */
    public void stored(int openedIncidents, int joinedAlerts, int duplicateAlerts) {
      opened.increment(openedIncidents);
      joined.increment(joinedAlerts);
      duplicates.increment(duplicateAlerts);
    }
  }
}
