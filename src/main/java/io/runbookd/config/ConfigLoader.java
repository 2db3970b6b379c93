package io.runbookd.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Loads {@code runbookd.yaml}, applies {@code RUNBOOKD_*} environment overrides and secret
 * files, and binds the result to a {@link RunbookdConfig}. Every problem is reported at once,
 * each naming its key; nothing starts on a configuration with a problem.
 */
public final class ConfigLoader {
  static final String ENV_PREFIX = "RUNBOOKD_";
  static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;
  private static final int MIN_TOKEN_LENGTH = 16;
  private static final int PAGERDUTY_KEY_LENGTH = 32;

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Loads {@code file}; a missing file is an error (the default file ships with runbookd). */
  public RunbookdConfig load(Path file) {
    Map<String, Object> tree;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      tree = parse(reader, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": configuration file not found"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
    }
    return bind(tree);
  }

  /** Binds a key tree (as read from YAML) after applying the environment overrides. */
  public RunbookdConfig bind(Map<String, Object> tree) {
    List<String> problems = new ArrayList<>();
    applyEnv(tree, problems);
    UnknownKeys.check(ConfigSchema.ROOT, tree, "", problems);
    Binder b = new Binder(tree);
    RunbookdConfig config = ConfigBinding.bind(b);
    problems.addAll(b.problems());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static Map<String, Object> parse(Reader reader, String name) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(1024 * 1024);
    try {
      Object doc = new Yaml(new SafeConstructor(options)).load(reader);
      if (doc == null) {
        return new LinkedHashMap<>();
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw new ConfigException(List.of(name + ": the top level must be a map of keys"));
      }
      return mutableCopy(map, "");
    } catch (YAMLException e) {
      throw new ConfigException(List.of(name + ": " + e.getMessage().replace('\n', ' ')));
    }
  }

  private static Map<String, Object> mutableCopy(Map<?, ?> map, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new ConfigException(List.of(path + e.getKey() + ": keys must be text"));
      }
      Object value = e.getValue();
      out.put(key, value instanceof Map<?, ?> m ? mutableCopy(m, path + key + ".") : value);
    }
    return out;
  }

  private void applyEnv(Map<String, Object> tree, List<String> problems) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX)) {
        continue;
      }
      String rest = e.getKey().substring(ENV_PREFIX.length());
      Optional<List<String>> path = ConfigSchema.pathForEnv(rest, tree);
      if (path.isEmpty()) {
        problems.add(e.getKey() + ": environment variable matches no configuration key");
        continue;
      }
      put(tree, path.get(), e.getValue());
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, List<String> path, String value) {
    Map<String, Object> node = tree;
    for (String part : path.subList(0, path.size() - 1)) {
      Object child = node.get(part);
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        node.put(part, child);
      }
      node = (Map<String, Object>) child;
    }
    node.put(path.get(path.size() - 1), value);
  }

  /** Turns the key tree into typed records; all range and shape checks live here. */
  static final class ConfigBinding {
    private ConfigBinding() {}

    static RunbookdConfig bind(Binder b) {
      Map<String, RunbookdConfig.Datasource> datasources = Datasources.bind(b);
      return new RunbookdConfig(
          new RunbookdConfig.Server(
              b.text("server.host", "0.0.0.0"),
              b.integer("server.port", 9095, 0, 65535),
              AlertmanagerBinding.baseUrl(b, "server.externalUrl")),
          webhook(b),
          api(b),
          mode(b),
          store(b),
          new RunbookdConfig.Rules(b.text("rules.dir", "rules"), b.bool("rules.watch", true)),
          kubernetes(b),
          b.uri("prometheus.url", true),
          mlflow(b),
          datasources,
          new RunbookdConfig.Aws(b.text("aws.region"), b.uri("aws.endpoint", true)),
          b.list("http.allowedHosts"),
          pagers(b),
          Datasources.vars(b),
          Queries.bind(b, datasources.keySet()),
          GuardsBinding.bind(b),
          EscalationBinding.bind(b),
          new RunbookdConfig.Log(LogFormat.bind(b)),
          AlertmanagerBinding.bind(b),
          SlackBinding.bind(b));
    }

    /** A read token equal to the admin token would make every reader an admin: refused. */
    private static RunbookdConfig.Api api(Binder b) {
      Optional<Secret> admin = token(b, "api.token");
      Optional<Secret> read = token(b, "api.readToken");
      if (admin.isPresent() && read.isPresent() && admin.get().matches(read.get().reveal())) {
        b.problem("api.readToken", "must differ from api.token: the read token decides nothing");
        read = Optional.empty();
      }
      return new RunbookdConfig.Api(admin, read);
    }

    private static RunbookdConfig.Webhook webhook(Binder b) {
      boolean insecure = b.bool("webhook.insecure", false);
      Optional<Secret> token = token(b, "webhook.token");
      if (token.isEmpty() && !insecure) {
        b.problem(
            "webhook.token",
            "is required: set webhook.token (or RUNBOOKD_WEBHOOK_TOKEN, or webhook.tokenFile),"
                + " or webhook.insecure: true to accept unauthenticated webhooks");
      }
      return new RunbookdConfig.Webhook(
          token,
          insecure,
          b.size("webhook.maxBodyBytes", DEFAULT_MAX_BODY, 1024, 1024L * 1024 * 1024),
          b.integer("webhook.commitTimeoutSeconds", 10, 1, 300),
          b.integer("webhook.queueCapacity", 20_000, 1, 1_000_000));
    }

    private static Optional<Secret> token(Binder b, String key) {
      Optional<Secret> token = b.secret(key);
      if (token.isPresent() && token.get().reveal().length() < MIN_TOKEN_LENGTH) {
        b.problem(key, "must be at least " + MIN_TOKEN_LENGTH + " characters long");
        return Optional.empty();
      }
      return token;
    }

    private static Mode mode(Binder b) {
      Optional<String> text = b.text("mode");
      if (text.isEmpty()) {
        return Mode.DRY_RUN;
      }
      Optional<Mode> mode = Mode.parse(text.get());
      if (mode.isEmpty()) {
        b.problem("mode", "must be one of observe, dry-run, enforce; got '" + text.get() + "'");
      }
      return mode.orElse(Mode.DRY_RUN);
    }

    private static RunbookdConfig.Store store(Binder b) {
      String url = b.text("store.url", RunbookdConfig.Store.DEFAULT_URL);
      if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
        b.problem("store.url", "must be a jdbc:sqlite: (embedded) or jdbc:postgresql: URL");
      }
      java.time.Duration retention =
          Durations.of(b, "store.retention", java.time.Duration.ofDays(30), java.time.Duration.ofDays(3650));
      if (retention.compareTo(java.time.Duration.ofDays(1)) < 0) {
        b.problem("store.retention", "must be at least 1d: guard windows and escalations need their history");
      }
      return new RunbookdConfig.Store(url, b.text("store.user"), b.secret("store.password"),
          b.integer("store.poolSize", 8, 2, 64), retention);
    }

    /** Reads default to the namespaces actions may touch; a separate list may say otherwise. */
    private static RunbookdConfig.Kubernetes kubernetes(Binder b) {
      List<String> namespaces = namespaces(b, "kubernetes.namespaces", List.of("nba-mcp"));
      return new RunbookdConfig.Kubernetes(
          namespaces, namespaces(b, "kubernetes.readNamespaces", namespaces));
    }

    private static List<String> namespaces(Binder b, String key, List<String> otherwise) {
      if (b.raw(key).isEmpty()) {
        return otherwise;
      }
      List<String> namespaces = b.list(key);
      for (String ns : namespaces) {
        if (!ns.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
          b.problem(key, "'" + ns + "' is not a valid namespace name");
        }
      }
      return namespaces;
    }

    /** A plain base URL: credentials go in mlflow.token(File), never in the URL. */
    private static RunbookdConfig.Mlflow mlflow(Binder b) {
      Optional<URI> url = b.uri("mlflow.url", true);
      Optional<Secret> token = b.secret("mlflow.token");
      if (url.isPresent()
          && (url.get().getRawUserInfo() != null
              || url.get().getRawQuery() != null
              || url.get().getRawFragment() != null)) {
        b.problem(
            "mlflow.url",
            "must be a plain base URL without user information, query or fragment;"
                + " put a token in mlflow.tokenFile");
        url = Optional.empty();
      }
      if (token.isPresent() && b.raw("mlflow.url").isEmpty()) {
        b.problem("mlflow.token", "is set, but mlflow.url is not: set the server it is for");
      }
      return new RunbookdConfig.Mlflow(url, token);
    }

    /**
     * A PagerDuty Events v2 integration key is 32 characters; any other length would only be
     * refused with a 400 at the first page, when it is needed most.
     */
    private static Optional<Secret> pagerdutyRoutingKey(Binder b) {
      String key = "pagers.pagerduty.routingKey";
      Optional<Secret> routingKey = b.secret(key);
      int length = routingKey.map(s -> s.reveal().length()).orElse(PAGERDUTY_KEY_LENGTH);
      if (length != PAGERDUTY_KEY_LENGTH) {
        b.problem(key, "must be a PagerDuty Events v2 integration key of " + PAGERDUTY_KEY_LENGTH
            + " characters; got " + length);
        return Optional.empty();
      }
      return routingKey;
    }

    private static RunbookdConfig.Pagers pagers(Binder b) {
      URI pagerduty =
          b.uri("pagers.pagerduty.url", true)
              .orElse(URI.create("https://events.pagerduty.com/v2/enqueue"));
      URI opsgenie = b.uri("pagers.opsgenie.url", true).orElse(URI.create("https://api.opsgenie.com"));
      return new RunbookdConfig.Pagers(
          pagerduty,
          pagerdutyRoutingKey(b),
          opsgenie,
          b.secret("pagers.opsgenie.apiKey"),
          b.secret("pagers.slack.webhookUrl"),
          b.uri("pagers.webhook.url", true),
          b.secret("pagers.webhook.authorization"));
    }
  }
}
