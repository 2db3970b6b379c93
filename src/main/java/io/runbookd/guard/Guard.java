package io.runbookd.guard;

/**
 * One guardrail. Contract: {@link #check} decides from the request and durable state only, is
 * quick, and never changes a target system. Guards are asked in order before every mutating
 * step, not only when an incident starts.
 */
public interface Guard {
  String name();

  Decision check(ActionRequest request);
}
