package io.runbookd.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Rejects keys the schema does not know: a typo in a safety setting must not pass silently. */
final class UnknownKeys {
  private UnknownKeys() {}

  static void check(ConfigSchema.Node node, Object value, String prefix, List<String> problems) {
    if (node instanceof ConfigSchema.Struct struct) {
      checkStruct(struct, value, prefix, problems);
    } else if (node instanceof ConfigSchema.MapOf mapOf) {
      if (value == null) {
        return;
      }
      if (!(value instanceof Map<?, ?> map)) {
        problems.add(strip(prefix) + ": must be a map of names");
        return;
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        check(mapOf.element(), e.getValue(), prefix + e.getKey() + ".", problems);
      }
    }
  }

  private static void checkStruct(
      ConfigSchema.Struct struct, Object value, String prefix, List<String> problems) {
    if (value == null) {
      return;
    }
    if (!(value instanceof Map<?, ?> map)) {
      problems.add(strip(prefix) + ": must be a map of keys");
      return;
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      ConfigSchema.Node child = struct.fields().get(key);
      if (child == null && key.endsWith("File")) {
        ConfigSchema.Node base = struct.fields().get(key.substring(0, key.length() - 4));
        if (base instanceof ConfigSchema.Leaf leaf && leaf.secret()) {
          continue;
        }
      }
      if (child == null) {
        problems.add(
            prefix + key + ": unknown key; known here: " + String.join(", ", known(struct)));
        continue;
      }
      check(child, e.getValue(), prefix + key + ".", problems);
    }
  }

  private static TreeSet<String> known(ConfigSchema.Struct struct) {
    TreeSet<String> names = new TreeSet<>();
    struct.fields().forEach(
        (k, v) -> {
          names.add(k);
          if (v instanceof ConfigSchema.Leaf leaf && leaf.secret()) {
            names.add(k + "File");
          }
        });
    return names;
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
