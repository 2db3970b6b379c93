package io.runbookd.escalation.pagers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fits text into the length limits of the services we page through. */
final class Truncate {
  static final String ELLIPSIS = "…";

  private Truncate() {}

  /**
   * At most {@code max} UTF-16 units (what the services' "characters" can at most mean), ending in
   * an ellipsis when cut; never splits a surrogate pair.
   */
  static String clip(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    if (max <= 0) {
      return "";
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  /**
   * At most {@code maxLines} lines of at most {@code maxLength} each; a last line counts the rest.
   */
  static List<String> lines(List<String> lines, int maxLines, int maxLength) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (out.size() == maxLines - 1 && lines.size() > maxLines) {
        out.add(ELLIPSIS + " and " + (lines.size() - out.size()) + " more");
        break;
      }
      out.add(clip(line, maxLength));
    }
    return out;
  }

  /**
   * Shortens values so that keys and values together take at most {@code budget} characters: short
   * values stay whole and long ones share what is left evenly, so one huge finding cannot push the
   * incident id out. Keeps the caller's order.
   */
  static Map<String, String> fit(Map<String, String> entries, int budget) {
    int remaining = budget - entries.keySet().stream().mapToInt(String::length).sum();
    List<Map.Entry<String, String>> shortestFirst = new ArrayList<>(entries.entrySet());
    shortestFirst.sort(Comparator.comparingInt(e -> e.getValue().length()));
    Map<String, String> fitted = new HashMap<>();
    int left = shortestFirst.size();
    for (Map.Entry<String, String> entry : shortestFirst) {
      String value = clip(entry.getValue(), Math.max(0, remaining / left));
      fitted.put(entry.getKey(), value);
      remaining -= value.length();
      left--;
    }
    Map<String, String> out = new LinkedHashMap<>();
    entries.keySet().forEach(key -> out.put(key, fitted.get(key)));
    return out;
  }
}
