package io.runbookd.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of {@code runbookd.yaml}: which keys exist, which hold secrets, which are maps of
 * user-chosen names. One description serves the unknown-key check and the mapping of {@code
 * RUNBOOKD_*} environment variables onto key paths.
 */
final class ConfigSchema {

  /** A node of the key tree. */
  sealed interface Node permits Leaf, Struct, MapOf {}

  /** A value; a secret leaf also accepts {@code <key>File} naming a file that holds it. */
  record Leaf(boolean secret) implements Node {}

  /** Fixed keys. */
  record Struct(Map<String, Node> fields) implements Node {}

  /** User-chosen names (datasources, vars), each holding the same shape. */
  record MapOf(Node element) implements Node {}

  private static final Leaf VALUE = new Leaf(false);
  private static final Leaf SECRET = new Leaf(true);

  static final Struct ROOT =
      struct(
          "server", struct("port", VALUE, "host", VALUE, "externalUrl", VALUE),
          "webhook",
              struct(
                  "token", SECRET,
                  "insecure", VALUE,
                  "maxBodyBytes", VALUE,
                  "commitTimeoutSeconds", VALUE,
                  "queueCapacity", VALUE),
          "api", struct("token", SECRET, "readToken", SECRET),
          "slack", struct("signingSecret", SECRET, "approvers", VALUE, "responseUrlPrefix", VALUE),
          "mode", VALUE,
          "log", struct("format", VALUE),
          "store", struct("url", VALUE, "user", VALUE, "password", SECRET, "poolSize", VALUE, "retention", VALUE),
          "rules", struct("dir", VALUE, "watch", VALUE),
          "kubernetes", struct("namespaces", VALUE, "readNamespaces", VALUE),
          "prometheus", struct("url", VALUE),
          "alertmanager", struct("url", VALUE, "token", SECRET),
          "mlflow", struct("url", VALUE, "token", SECRET),
          "datasources", new MapOf(struct("url", VALUE, "user", VALUE, "password", SECRET)),
          "aws", struct("region", VALUE, "endpoint", VALUE),
          "http", struct("allowedHosts", VALUE),
          "pagers",
              struct(
                  "pagerduty", struct("url", VALUE, "routingKey", SECRET),
                  "opsgenie", struct("url", VALUE, "apiKey", SECRET),
                  "slack", struct("webhookUrl", SECRET),
                  "webhook", struct("url", VALUE, "authorization", SECRET)),
          "vars", new MapOf(VALUE),
          "escalation",
              struct(
                  "P0", priority(),
                  "P1", priority(),
                  "P2", priority(),
                  "P3", priority(),
                  "stormWindow", VALUE,
                  "stormUpdateEvery", VALUE,
                  "severity", new MapOf(VALUE)),
          "guards",
              struct(
                  "cooldown", VALUE,
                  "budgetPerHour", VALUE,
                  "maxTargetsPerIncident", VALUE,
                  "approvalTimeout", VALUE,
                  "selfDeployment", VALUE),
          "queries",
              new MapOf(
                  struct(
                      "datasource", VALUE, "sql", VALUE, "params", VALUE, "description", VALUE)));

  private ConfigSchema() {}

  private static Struct priority() {
    return struct("respondWithin", VALUE, "pagers", VALUE, "targets", VALUE);
  }

  private static Struct struct(Object... keysAndNodes) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndNodes.length; i += 2) {
      fields.put((String) keysAndNodes[i], (Node) keysAndNodes[i + 1]);
    }
    return new Struct(Map.copyOf(fields));
  }

  /**
   * Finds the key path an environment variable name (without the {@code RUNBOOKD_} prefix)
   * stands for: upper case, {@code _} for {@code .}. Inside maps the name is kept (matched
   * against names already configured, else lower-cased).
   */
  static Optional<List<String>> pathForEnv(String rest, Map<String, Object> tree) {
    return walk(ROOT, rest, tree);
  }

  private static Optional<List<String>> walk(Node node, String rest, Object current) {
    if (node instanceof Struct struct) {
      for (Map.Entry<String, Node> field : struct.fields().entrySet()) {
        for (String key : keysOf(field)) {
          String token = key.toUpperCase(Locale.ROOT);
          if (rest.equals(token) && !(field.getValue() instanceof Struct)) {
            return Optional.of(List.of(key));
          }
          if (rest.startsWith(token + "_") && !(field.getValue() instanceof Leaf)) {
            Optional<List<String>> tail =
                walk(field.getValue(), rest.substring(token.length() + 1), child(current, key));
            if (tail.isPresent()) {
              return Optional.of(prepend(key, tail.get()));
            }
          }
        }
      }
      return Optional.empty();
    }
    if (node instanceof MapOf mapOf) {
      return walkMap(mapOf, rest, current);
    }
    return Optional.empty();
  }

  private static Optional<List<String>> walkMap(MapOf mapOf, String rest, Object current) {
    if (mapOf.element() instanceof Leaf) {
      return Optional.of(List.of(nameFor(rest, current)));
    }
    Struct element = (Struct) mapOf.element();
    for (Map.Entry<String, Node> field : element.fields().entrySet()) {
      for (String key : keysOf(field)) {
        String suffix = "_" + key.toUpperCase(Locale.ROOT);
        if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
          String name = nameFor(rest.substring(0, rest.length() - suffix.length()), current);
          return Optional.of(List.of(name, key));
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> keysOf(Map.Entry<String, Node> field) {
    if (field.getValue() instanceof Leaf leaf && leaf.secret()) {
      return List.of(field.getKey() + "File", field.getKey());
    }
    return List.of(field.getKey());
  }

  private static String nameFor(String envName, Object current) {
    if (current instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (String.valueOf(key).toUpperCase(Locale.ROOT).equals(envName)) {
          return String.valueOf(key);
        }
      }
    }
    return envName.toLowerCase(Locale.ROOT);
  }

  private static Object child(Object current, String key) {
    return current instanceof Map<?, ?> map ? map.get(key) : null;
  }

  private static List<String> prepend(String head, List<String> tail) {
    List<String> path = new java.util.ArrayList<>(tail.size() + 1);
    path.add(head);
    path.addAll(tail);
    return path;
  }
}
