package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.incident.Priority;
import io.runbookd.plugin.PluginInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, acknowledges and closes an Opsgenie alert through the Alert API, with the page's dedup
 * key as the alias: Opsgenie keeps one open alert per alias. Requests are asynchronous ({@code 202}
 * with a {@code requestId}): acknowledging an alias Opsgenie never created is accepted here and
 * fails on Opsgenie's side. Opsgenie runs its own escalation.
 */
public final class OpsgeniePager implements Pager {
  static final int MAX_ALIAS = 512;
  static final int MAX_MESSAGE = 130;
  static final int MAX_DESCRIPTION = 15_000;
  static final int MAX_DETAILS = 8_000;

  private static final PluginInfo INFO =
      new PluginInfo(
          "opsgenie",
          "Pages through the Opsgenie Alert API: creates an alert per incident (alias = dedup"
              + " key), acknowledges and closes it by alias; priority P0..P3 to Opsgenie P1..P4.",
          """
          # runbookd.yaml (pagers.opsgenie.url defaults to https://api.opsgenie.com;
          # https://api.eu.opsgenie.com for the EU instance)
          pagers:
            opsgenie:
              apiKeyFile: /run/secrets/opsgenie-api-key
          # a rule
          escalate:
            priority: P1
            pagers: [opsgenie]""",
          List.of(),
          List.of(
              "Opsgenie API integration key (GenieKey) with Create and Update access"
                  + " (create, acknowledge and close alerts)"));

  private final String base;
  private final KeyedPost post;

  public OpsgeniePager(URI apiBase, Secret apiKey, HttpClient http, Duration timeout) {
    this(apiBase, apiKey, new HttpPost(http, timeout, Clock.systemUTC()));
  }

  OpsgeniePager(URI apiBase, Secret apiKey, HttpPost post) {
    this.base =
        Endpoint.requireSecure(apiBase, "pagers.opsgenie.url").toString().replaceAll("/+$", "");
    this.post =
        new KeyedPost(
            "Opsgenie (" + apiBase.getHost() + ")",
            apiKey,
            "pagers.opsgenie.apiKey",
            post,
            MAX_ALIAS);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public boolean escalatesItself() {
    return true;
  }

  @Override
  public Delivery send(Page page) {
    String verb = verb(page.event());
    return post.send(
        page,
        key ->
            new KeyedPost.Request(
                uri(page), Map.of("Authorization", "GenieKey " + key), Json.write(body(page))),
        answer -> read(verb, answer));
  }

  /** Opsgenie has five priorities, P1 the highest; ours P0..P3 take the top four, in order. */
  static String priority(Priority priority) {
    return "P" + (priority.ordinal() + 1);
  }

  private URI uri(Page page) {
    if (page.event() == Page.Event.TRIGGER) {
      return URI.create(base + "/v2/alerts");
    }
    // URLEncoder encodes for forms: a space becomes '+', which a path reads literally.
    String alias = URLEncoder.encode(page.dedupKey(), StandardCharsets.UTF_8).replace("+", "%20");
    String action = page.event() == Page.Event.ACKNOWLEDGE ? "acknowledge" : "close";
    return URI.create(base + "/v2/alerts/" + alias + "/" + action + "?identifierType=alias");
  }

  private static ObjectNode body(Page page) {
    return switch (page.event()) {
      case TRIGGER -> OpsgenieAlert.create(page);
      case ACKNOWLEDGE -> OpsgenieAlert.followUp("acknowledged in runbookd");
      case RESOLVE -> OpsgenieAlert.followUp("resolved by runbookd: " + page.reason());
    };
  }

  private static String verb(Page.Event event) {
    return switch (event) {
      case TRIGGER -> "create";
      case ACKNOWLEDGE -> "acknowledge";
      case RESOLVE -> "close";
    };
  }

  private Delivery read(String verb, Answer answer) {
    if (answer.success()) {
      Optional<String> requestId =
          Json.text(answer.body(), "requestId").map(id -> Truncate.clip(id, 64));
      return Delivery.delivered(
          post.where()
              + " accepted "
              + verb
              + " ("
              + answer.status()
              + ")"
              + requestId.map(id -> ", requestId " + id).orElse(""));
    }
    String message = Json.text(answer.body(), "message").orElse(answer.body().strip());
    return answer.failure(post.where(), Truncate.clip(message, 300));
  }

  @Override
  public String toString() {
    return "OpsgeniePager[" + URI.create(base).getHost() + "]";
  }
}
