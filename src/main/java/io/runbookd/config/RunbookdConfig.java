package io.runbookd.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's configuration, typed and validated. Built only by {@link ConfigLoader}; every
 * secret is a {@link Secret} so that printing a config never prints one.
 */
public record RunbookdConfig(
    Server server,
    Webhook webhook,
    Api api,
    Mode mode,
    Store store,
    Rules rules,
    Kubernetes kubernetes,
    Optional<URI> prometheusUrl,
    Mlflow mlflow,
    Map<String, Datasource> datasources,
    Aws aws,
    List<String> httpAllowedHosts,
    Pagers pagers,
    Map<String, String> vars,
    Map<String, Query> queries,
    Guards guards,
    Escalation escalation,
    Log log,
    Alertmanager alertmanager,
    Slack slack) {

  /**
   * The Alertmanager API that silences go through (rules with {@code silence}).
   *
   * @param urls every instance of the cluster (an HA pair: both); each gets its own silence, so
   *     an instance that was down when the silence was made still holds one. Empty: no silences
   * @param token sent as {@code Authorization: Bearer} to these URLs only
   */
  public record Alertmanager(List<URI> urls, Optional<Secret> token) {
    public Alertmanager {
      urls = List.copyOf(urls);
    }

    public static Alertmanager none() {
      return new Alertmanager(List.of(), Optional.empty());
    }
  }

  /** runbookd's own log. */
  public record Log(LogFormat format) {}

  /**
   * Who is paged, per priority, and how storms are folded.
   *
   * @param priorities by "P0".."P3"
   * @param stormWindow incidents of one runbook within this window share one page
   * @param stormUpdateEvery the least time between two updates of a storm's page
   * @param severities an alert's {@code severity} label (lower case) to the priority "P0".."P3"
   *     it gets when neither its rule nor a {@code priority} label sets one
   */
  public record Escalation(
      Map<String, PriorityPolicy> priorities,
      java.time.Duration stormWindow,
      java.time.Duration stormUpdateEvery,
      Map<String, String> severities) {}

  /**
   * One priority's escalation.
   *
   * @param respondWithin the response target; unacknowledged after it, the next level is paged
   * @param pagers the pagers to use; empty means the default (P0/P1 every configured pager,
   *     P2/P3 Slack, webhooks and the log)
   * @param targets who each level pages, in order (level 1 first)
   */
  public record PriorityPolicy(
      java.time.Duration respondWithin, Optional<List<String>> pagers, List<String> targets) {}

  /**
   * Guardrail settings.
   *
   * @param cooldown the least time between two runs of one action on one target
   * @param budgetPerHour mutating actions allowed per hour across every rule
   * @param maxTargetsPerIncident distinct targets one incident may change
   * @param approvalTimeout how long an action waits for a human before the incident escalates
   * @param selfDeployment runbookd's own Deployment as {@code namespace/name}, never acted on
   */
  public record Guards(
      java.time.Duration cooldown,
      int budgetPerHour,
      int maxTargetsPerIncident,
      java.time.Duration approvalTimeout,
      Optional<String> selfDeployment) {}

  /**
   * The HTTP listener.
   *
   * @param externalUrl runbookd's own URL as people reach it, for links to incidents (silence
   *     comments); empty: links are the API path alone
   */
  public record Server(String host, int port, Optional<URI> externalUrl) {
    public Server(String host, int port) {
      this(host, port, Optional.empty());
    }
  }

  /**
   * Alertmanager intake. {@code token} is empty only when {@code insecure} is set.
   *
   * @param commitTimeoutSeconds how long a delivery waits for its commit before it is answered
   *     503 (Alertmanager then retries; the episode key makes the retry harmless)
   * @param queueCapacity deliveries waiting for the store before new ones are answered 503
   */
  public record Webhook(
      Optional<Secret> token,
      boolean insecure,
      long maxBodyBytes,
      int commitTimeoutSeconds,
      int queueCapacity) {}

  /**
   * API tokens. Without {@code token} the admin endpoints refuse every call; {@code token} also
   * reads. With neither token, the read endpoints answer only requests from loopback addresses.
   *
   * @param readToken reads (the read API, the console's read-only view) but decides nothing
   */
  public record Api(Optional<Secret> token, Optional<Secret> readToken) {
    public Api(Optional<Secret> token) {
      this(token, Optional.empty());
    }
  }

  /**
   * Approvals from Slack's Approve and Deny buttons. Without a signing secret the interaction
   * endpoint does not exist.
   *
   * @param signingSecret the Slack app's signing secret: every interaction request is signed with it
   * @param approvers the Slack user ids (e.g. {@code U0123ABCD}) whose clicks decide
   * @param responseUrlPrefix Slack's {@code response_url} must start with this before runbookd posts
   *     the decided message back to it
   */
  public record Slack(Optional<Secret> signingSecret, List<String> approvers, String responseUrlPrefix) {
    public static final String DEFAULT_RESPONSE_URL_PREFIX = "https://hooks.slack.com/";

    public Slack {
      approvers = List.copyOf(approvers);
    }
  }

  /** runbookd's own store. */
  /**
   * runbookd's own store: embedded SQLite by default, PostgreSQL for production and replicas.
   *
   * @param retention ended incidents older than this are deleted with all that hangs off them
   */
  public record Store(
      String url, Optional<String> user, Optional<Secret> password, int poolSize, Duration retention) {
    public static final String DEFAULT_URL = "jdbc:sqlite:./data/runbookd.db";

    public Store(String url, Optional<String> user, Optional<Secret> password, int poolSize) {
      this(url, user, password, poolSize, Duration.ofDays(30));
    }

    public boolean postgres() {
      return url.startsWith("jdbc:postgresql:");
    }
  }

  /** Where rule files live and whether changes to them are picked up while running. */
  public record Rules(String dir, boolean watch) {}

  /**
   * Namespaces actions may touch, and those probes may read ({@code kubernetes.readNamespaces},
   * by default the same).
   */
  public record Kubernetes(List<String> namespaces, List<String> readNamespaces) {
    public Kubernetes {
      namespaces = List.copyOf(namespaces);
      readNamespaces = List.copyOf(readNamespaces);
    }
  }

  /** A PostgreSQL database that SQL probes and actions target. */
  public record Datasource(String url, Optional<String> user, Optional<Secret> password) {}

  /**
   * A query rule files may run by name through {@code sql.query}: one read-only SELECT written by
   * the operator, whose {@code ?} placeholders are bound, in order, from {@code params}.
   *
   * @param datasource the only datasource it may run against; empty means any configured one
   */
  public record Query(
      Optional<String> datasource, String sql, List<QueryParam> params, String description) {
    public Query {
      params = List.copyOf(params);
    }
  }

  /** One bound parameter of a configured query, written {@code name:type[=default]}. */
  public record QueryParam(String name, QueryParam.Type type, Optional<String> defaultValue) {

    /** The value shapes a placeholder takes; rules pass every value as text. */
    public enum Type {
      INT,
      NUMBER,
      TEXT;

      public static final int MAX_TEXT = 1024;

      /** The bound value for {@code text}, or empty when it does not have this shape. */
      public Optional<Object> parse(String text) {
        try {
          Object value =
              switch (this) {
                case INT -> Long.parseLong(text.trim());
                case NUMBER -> {
                  double d = Double.parseDouble(text.trim());
                  yield Double.isFinite(d) ? d : null;
                }
                case TEXT -> text.length() <= MAX_TEXT ? text : null;
              };
          return Optional.ofNullable(value);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }

      public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  /**
   * The MLflow tracking server whose model registry the {@code mlflow.*} plugins read and write.
   *
   * @param url its base URL, e.g. {@code https://mlflow.example.com}; empty: those plugins refuse
   * @param token sent as {@code Authorization: Bearer} to that server only
   */
  public record Mlflow(Optional<URI> url, Optional<Secret> token) {}

  /** AWS SDK overrides; empty means the SDK's defaults. */
  public record Aws(Optional<String> region, Optional<URI> endpoint) {}

  /** Pager endpoints and their credentials. */
  public record Pagers(
      URI pagerdutyUrl,
      Optional<Secret> pagerdutyRoutingKey,
      URI opsgenieUrl,
      Optional<Secret> opsgenieApiKey,
      Optional<Secret> slackWebhookUrl,
      Optional<URI> webhookUrl,
      Optional<Secret> webhookAuthorization) {}
}
