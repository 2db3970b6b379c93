package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Reads the top-level {@code silence}: {@code true}, {@code false}, or a duration from 1m to 24h.
 * Only alert-driven rules have alerts to silence.
 */
final class SilenceParser {

  private static final Where TOP = new Where(List.of(), "", "");

  private SilenceParser() {}

  static Optional<Silence> parse(Reporter r, boolean alertDriven) {
    JsonNode node = r.json(List.of("silence"));
    if (node.isMissingNode()) {
      return Optional.empty();
    }
    if (!alertDriven) {
      r.at(
          r.keyLine(List.of(), "silence"),
          "silence: only alert-driven rules (with match) have alerts to silence");
      return Optional.empty();
    }
    if (node.isBoolean()) {
      return node.asBoolean() ? Optional.of(Silence.untilVerified()) : Optional.empty();
    }
    return StepDurations.parse(r, TOP, "silence", Silence.MIN, Silence.MIN, Silence.MAX)
        .map(Silence::lasting);
  }
}
