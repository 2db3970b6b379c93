package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Target;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Params;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Instant;

/** A plugin with its parameters bound: the engine's handle on one step, free of generics. */
final class Bound {
  private Bound() {}

  /** A probe ready to run. */
  interface BoundProbe {
    String system();

    Finding run() throws Exception;
  }

  /** An action ready to describe, run or re-check. */
  interface BoundAction {
    Target target();

    String describe();

    Outcome execute() throws Exception;

    Outcome recheck(Instant startedAt) throws Exception;

    boolean retrySafe();

    io.runbookd.actions.Reversibility reversibility();

    java.util.Optional<io.runbookd.actions.Undo> undo(Outcome done);

    java.util.Optional<java.util.Map<String, Object>> snapshot() throws Exception;
  }

  static <P> BoundProbe probe(Probe<P> probe, Params params) throws ParamException {
    P p = probe.bind(params);
    return new BoundProbe() {
      @Override
      public String system() {
        return probe.system(p);
      }

      @Override
      public Finding run() throws Exception {
        return probe.run(p);
      }
    };
  }

  static <P> BoundAction action(Action<P> action, Params params) throws ParamException {
    P p = action.bind(params);
    return new BoundAction() {
      @Override
      public Target target() {
        return action.target(p);
      }

      @Override
      public String describe() {
        return action.describe(p);
      }

      @Override
      public Outcome execute() throws Exception {
        return action.execute(p);
      }

      @Override
      public Outcome recheck(Instant startedAt) throws Exception {
        return action.recheck(p, startedAt);
      }

      @Override
      public boolean retrySafe() {
        return action.retrySafe();
      }

      @Override
      public io.runbookd.actions.Reversibility reversibility() {
        return action.reversibility();
      }

      @Override
      public java.util.Optional<io.runbookd.actions.Undo> undo(Outcome done) {
        return action.undo(p, done);
      }

      @Override
      public java.util.Optional<java.util.Map<String, Object>> snapshot() throws Exception {
        return action.snapshot(p);
      }
    };
  }
}
