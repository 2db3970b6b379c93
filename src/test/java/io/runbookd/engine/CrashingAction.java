package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Target;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;

/**
 * Wraps a real action; right after the change is made, {@code crash} runs (it takes the store
 * away), so the process "dies" between the action and the record of its outcome. Made with
 * {@link #beforeChange}, it runs when the engine first names the step's target instead: the
 * process "dies" after deciding on the step and before acting.
 */
final class CrashingAction<P> implements Action<P> {
  private final Action<P> delegate;
  private final Runnable crash;
  private final boolean before;
  private final java.util.concurrent.atomic.AtomicInteger executions = new java.util.concurrent.atomic.AtomicInteger();

  CrashingAction(Action<P> delegate, Runnable crash) {
    this(delegate, crash, false);
  }

  private CrashingAction(Action<P> delegate, Runnable crash, boolean before) {
    this.delegate = delegate;
    this.crash = crash;
    this.before = before;
  }

  static <P> CrashingAction<P> beforeChange(Action<P> delegate, Runnable crash) {
    return new CrashingAction<>(delegate, crash, true);
  }

  int executions() {
    return executions.get();
  }

  @Override
  public PluginInfo info() {
    return delegate.info();
  }

  @Override
  public P bind(Params params) throws ParamException {
    return delegate.bind(params);
  }

  @Override
  public Target target(P params) {
    if (before) {
      crash.run();
    }
    return delegate.target(params);
  }

  @Override
  public String describe(P params) {
    return delegate.describe(params);
  }

  @Override
  public Outcome execute(P params) throws Exception {
    executions.incrementAndGet();
    Outcome outcome = delegate.execute(params);
    if (!before) {
      crash.run();
    }
    return outcome;
  }

  @Override
  public Outcome recheck(P params, Instant startedAt) throws Exception {
    return delegate.recheck(params, startedAt);
  }

  @Override
  public boolean retrySafe() {
    return delegate.retrySafe();
  }

  @Override
  public io.runbookd.actions.Reversibility reversibility() {
    return delegate.reversibility();
  }

  @Override
  public java.util.Optional<java.util.Map<String, Object>> snapshot(P params) throws Exception {
    return delegate.snapshot(params);
  }

  @Override
  public java.util.Optional<io.runbookd.actions.Undo> undo(P params, Outcome done) {
    return delegate.undo(params, done);
  }
}
