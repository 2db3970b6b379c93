package io.runbookd.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * The guards, asked in order. The first {@code BLOCK} wins; otherwise any {@code PLAN} makes
 * the step a plan (dry-run plans even what would need approval); otherwise a {@code HOLD}
 * makes it wait for a human; otherwise it may run. Every guard is asked even after a plan, so a dry-run
 * record also says which guard would have blocked the real run.
 */
public final class Guardrails {
  private final List<Guard> guards;

  public Guardrails(List<Guard> guards) {
    this.guards = List.copyOf(guards);
  }

  /** All decisions, in guard order, and the verdict they add up to. */
  public record Result(Decision.Verdict verdict, List<Decision> decisions) {
    public Decision deciding() {
      for (Decision d : decisions) {
        if (d.verdict() == verdict) {
          return d;
        }
      }
      return decisions.get(decisions.size() - 1);
    }
  }

  public Result check(ActionRequest request) {
    List<Decision> decisions = new ArrayList<>();
    Decision.Verdict verdict = Decision.Verdict.ALLOW;
    for (Guard guard : guards) {
      Decision d = guard.check(request);
      decisions.add(d);
      if (d.verdict() == Decision.Verdict.BLOCK) {
        return new Result(Decision.Verdict.BLOCK, decisions);
      }
      if (d.verdict() == Decision.Verdict.PLAN) {
        verdict = Decision.Verdict.PLAN;
      } else if (d.verdict() == Decision.Verdict.HOLD && verdict == Decision.Verdict.ALLOW) {
        verdict = Decision.Verdict.HOLD;
      }
    }
    return new Result(verdict, decisions);
  }
}
