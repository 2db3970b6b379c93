package io.runbookd.actions.aws;

import java.time.Duration;

/**
 * What {@code aws.rotate_secret} rotates: one secret, by name or ARN, unless it was rotated within
 * {@code unlessRotatedWithin}.
 */
public record RotateSecretParams(String secret, Duration unlessRotatedWithin) {}
