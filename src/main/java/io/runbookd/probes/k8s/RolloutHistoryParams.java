package io.runbookd.probes.k8s;

/** What {@code k8s.rollout_history} reads: a Deployment and how many revisions to list. */
public record RolloutHistoryParams(String namespace, String deployment, int limit) {}
