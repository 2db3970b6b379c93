package io.runbookd.k8s;

import io.runbookd.plugin.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An equality label selector that passed {@link Checks#LABEL_SELECTOR}: the labels in the order the
 * rule wrote them (so the query string fabric8 builds is stable) and the text summaries show.
 */
public record LabelSelector(Map<String, String> labels, String text) {
  public LabelSelector {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("an empty selector would pick every pod");
    }
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** Parses a selector already checked by {@link Checks#LABEL_SELECTOR}. */
  public static LabelSelector parse(String text) {
    Map<String, String> labels = Checks.parseSelector(text);
    if (labels == null) {
      throw new IllegalArgumentException("not an equality selector: " + Checks.clip(text));
    }
    String normalized =
        labels.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
    return new LabelSelector(labels, normalized);
  }
}
