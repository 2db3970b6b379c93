/**
 * Runs of runbooks that a person or a rehearsal starts: manual runs with bound parameters, drills
 * (a dry-run replay of the example alert or the drill's parameters, judged PASS or FAIL when its
 * incident comes to rest), when each runbook is due for its next drill, the page for an overdue
 * one, and the runbook catalogue the API lists.
 */
package io.runbookd.runs;
