package io.runbookd.probes.mlflow;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code mlflow.model_version} reads: the version a model's {@code alias} points at, else (or
 * on servers older than aliases) the newest version in {@code stage}; at least one is given.
 */
public record ModelVersionParams(
    String model,
    Optional<String> alias,
    Optional<String> stage,
    Optional<String> trackingUrl,
    Duration timeout) {}
