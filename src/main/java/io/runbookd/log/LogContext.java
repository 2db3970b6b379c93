package io.runbookd.log;

import org.slf4j.MDC;

/**
 * The incident, rule and step a thread works on, in every log line it writes meanwhile (the MDC
 * keys {@value #INCIDENT}, {@value #RULE}, {@value #STEP}; the JSON log carries them under
 * {@code mdc}). Scopes nest and restore what was there before. With {@code -Xlint:all -Werror},
 * name the scope before the {@code try} (a resource declared in it and never read is a warning),
 * or hand it the work:
 *
 * <pre>{@code
 * LogContext.Scope incident = LogContext.incident(id, rule);
 * try (incident) {
 *   LogContext.step("evict_leaking").run(() -> log.info("evicting {}", pod));
 * }
 * }</pre>
 */
public final class LogContext {
  public static final String INCIDENT = "incident";
  public static final String RULE = "rule";
  public static final String STEP = "step";

  private LogContext() {}

  /** While open, lines carry the incident id and its rule ({@code ""} when unmatched). */
  public static Scope incident(String id, String rule) {
    Scope outer = put(INCIDENT, id);
    Scope inner = put(RULE, rule);
    return () -> {
      inner.close();
      outer.close();
    };
  }

  /** While open, lines carry the step id. */
  public static Scope step(String id) {
    return put(STEP, id);
  }

  private static Scope put(String key, String value) {
    String previous = MDC.get(key);
    MDC.put(key, value);
    return () -> {
      if (previous == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, previous);
      }
    };
  }

  /** Restores the keys it set when closed; closing never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();

    /** Runs {@code work} inside the scope, then closes it. */
    default void run(Runnable work) {
      try (this) {
        work.run();
      }
    }

    /** Computes {@code work} inside the scope, then closes it. */
    default <T> T call(java.util.function.Supplier<T> work) {
      try (this) {
        return work.get();
      }
    }
  }
}
