package io.runbookd.engine;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.runbookd.plugin.RefusedException;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every blocking call to a target system goes through here: a bounded thread pool per system
 * (the bulkhead: a hung system holds its own threads, not the others'), a time limit that
 * interrupts the call, a circuit breaker per system, and — only where the call is safe to
 * repeat — up to three attempts with jittered exponential backoff.
 */
public final class Calls implements AutoCloseable {
  /** Threads and queued calls per target system. */
  private static final int THREADS = 4;
  private static final int QUEUE = 64;

  private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();
  private final CircuitBreakerRegistry breakers;
  private final RetryConfig retrySafe;
  private final RetryConfig once;

  public Calls(Duration openFor, Duration firstBackoff) {
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(SemanticFailure.class)
                .build());
    this.retrySafe =
        RetryConfig.custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(firstBackoff, 2.0, 0.5))
            .ignoreExceptions(CallNotPermittedException.class, RejectedExecutionException.class, SemanticFailure.class)
            .build();
    this.once = RetryConfig.custom().maxAttempts(1).build();
  }

  /** Defaults for the daemon: circuits open for 30 s, first retry after about 200 ms. */
  public static Calls defaults() {
    return new Calls(Duration.ofSeconds(30), Duration.ofMillis(200));
  }

  /**
   * Runs {@code call} against {@code system}.
   *
   * @param safeToRepeat whether a failed attempt may be made again (probes, idempotent sets)
   */
  public <T> T call(String system, Duration timeout, boolean safeToRepeat, Callable<T> call)
      throws CallException {
    CircuitBreaker breaker = breakers.circuitBreaker(system);
    Retry retry = Retry.of(system, safeToRepeat ? retrySafe : once);
    TimeLimiter limiter =
        TimeLimiter.of(
            TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
    ExecutorService pool = pools.computeIfAbsent(system, Calls::newPool);
    Callable<T> limited = () -> limiter.executeFutureSupplier(() -> pool.submit(semantic(call)));
    try {
      return Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(breaker, limited)).call();
    } catch (CallNotPermittedException e) {
      throw new CallException("circuit open for " + system + " after repeated failures", e);
    } catch (RejectedExecutionException e) {
      throw new CallException("too many calls in flight to " + system, e);
    } catch (TimeoutException e) {
      throw new CallException("timed out after " + timeout.toMillis() + " ms", e);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof SemanticFailure semantic) {
        cause = semantic.getCause();
      }
      throw new CallException(describe(cause), cause);
    }
  }

  /**
   * A read (probe, recheck, verification) of {@code system}: its own bulkhead and circuit, apart
   * from the writes, so a slow read never opens the circuit a fix needs. Always safe to repeat.
   */
  public <T> T read(String system, Duration timeout, Callable<T> call) throws CallException {
    return call(system + "/read", timeout, true, call);
  }

  /** A change to {@code system}: its own bulkhead and circuit, apart from the reads. */
  public <T> T write(String system, Duration timeout, boolean safeToRepeat, Callable<T> call) throws CallException {
    return call(system + "/write", timeout, safeToRepeat, call);
  }

  /** Whether the breaker of {@code system} is open now (for tests and status). */
  public boolean open(String system) {
    return breakers.circuitBreaker(system).getState() == CircuitBreaker.State.OPEN;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /**
   * The target answered, but the answer says the request cannot succeed (not found, invalid):
   * retrying will not help, and the system is not down, so the breaker does not count it.
   */
  static final class SemanticFailure extends Exception {
    private static final long serialVersionUID = 1L;

    SemanticFailure(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static <T> Callable<T> semantic(Callable<T> call) {
    return () -> {
      try {
        return call.call();
      } catch (RefusedException
          | IllegalArgumentException
          | IllegalStateException
          | NoSuchElementException e) {
        throw new SemanticFailure(e);
      }
    };
  }

  private static ExecutorService newPool(String system) {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "runbookd-call-" + system + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void close() {
    pools.values().forEach(ExecutorService::shutdownNow);
  }
}
