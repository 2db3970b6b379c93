package io.runbookd.escalation.pagers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.plugin.PluginInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Posts to a Slack channel through an incoming webhook: one Block Kit message per incident, then a
 * short "acknowledged" or "resolved" message (a webhook cannot edit what it posted). Slack does not
 * escalate, so runbookd's policy keeps paging. When its clicks reach runbookd, it also carries
 * approval requests with Approve and Deny buttons ({@link SlackApproval}). The webhook URL is the
 * credential: it appears in no detail, not even in part.
 */
public final class SlackPager implements Pager {
  private static final String WHERE = "Slack";

  private static final PluginInfo INFO =
      new PluginInfo(
          "slack",
          "Posts the incident to a Slack channel through an incoming webhook (Block Kit: reason,"
              + " findings, actions, link), label text escaped so it cannot mention anyone. With"
              + " slack.signingSecret set, a step that starts waiting for approval is posted with"
              + " Approve and Deny buttons, and a decision made elsewhere is followed up.",
          """
          # runbookd.yaml
          pagers:
            slack:
              webhookUrlFile: /run/secrets/slack-webhook-url
          # a rule
          escalate:
            priority: P2
            pagers: [slack]""",
          List.of(),
          List.of(
              "Slack incoming webhook URL of the channel to post in (the URL is the credential)"));

  private final Secret webhookUrl;
  private final HttpPost post;
  private final boolean buttons;

  /** A channel nobody answers in: approvals are not asked here. */
  public SlackPager(Secret webhookUrl, HttpClient http, Duration timeout) {
    this(webhookUrl, false, http, timeout);
  }

  /**
   * @param buttons whether clicks on its buttons reach runbookd ({@code POST /slack/interactions}
   *     exists: a signing secret is configured), so that approvals are asked here
   */
  public SlackPager(Secret webhookUrl, boolean buttons, HttpClient http, Duration timeout) {
    this(webhookUrl, new HttpPost(http, timeout, Clock.systemUTC()), buttons);
  }

  SlackPager(Secret webhookUrl, HttpPost post, boolean buttons) {
    this.webhookUrl = Objects.requireNonNull(webhookUrl);
    this.post = post;
    this.buttons = buttons;
    Endpoint.parseSecret(webhookUrl, "pagers.slack.webhookUrl");
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public boolean carriesButtons() {
    return buttons;
  }

  @Override
  public Delivery send(Page page) {
    if (page.approval().isPresent()) {
      return SlackApproval.of(page, page.approval().get()).map(this::post)
          .orElse(Delivery.delivered("nothing posted: the clicked Slack message already shows who decided"));
    }
    return post(switch (page.event()) {
      case TRIGGER -> SlackMessage.trigger(page);
      case ACKNOWLEDGE -> SlackMessage.followUp(page, "Acknowledged", ":eyes:");
      case RESOLVE -> SlackMessage.followUp(page, "Resolved", ":white_check_mark:");
    });
  }

  private Delivery post(ObjectNode message) {
    URI url = Endpoint.parseSecret(webhookUrl, "pagers.slack.webhookUrl");
    HttpPost.Call call =
        new HttpPost.Call(WHERE, url, Map.of(), Json.write(message), secrets(webhookUrl, url));
    return post.send(call, SlackPager::read);
  }

  /**
   * The whole URL, its path and each part of the path: the last part (the token) alone is enough to
   * post, and an echo may quote any of them.
   */
  private static List<String> secrets(Secret webhookUrl, URI url) {
    List<String> secrets = new ArrayList<>(List.of(webhookUrl.reveal(), url.getRawPath()));
    secrets.addAll(Arrays.asList(url.getRawPath().split("/")));
    if (url.getRawQuery() != null) {
      secrets.add(url.getRawQuery());
    }
    return secrets;
  }

  /**
   * Success is exactly {@code 200 ok}. Slack's errors are a short code in the body ({@code
   * invalid_token}, {@code channel_is_archived}); 400, 403, 404 and 410 are final.
   */
  static Delivery read(Answer answer) {
    String body = Truncate.clip(answer.body().strip(), 200);
    if (answer.status() == 200 && body.equals("ok")) {
      return Delivery.delivered("Slack accepted the message");
    }
    if (answer.success()) {
      // Not Slack's success answer: the message may not have been posted, and repeating a
      // request that was answered 2xx risks posting it twice.
      return Delivery.rejected("Slack answered " + answer.status() + " without 'ok': " + body);
    }
    return answer.failure(WHERE, body);
  }

  @Override
  public String toString() {
    return "SlackPager[webhook hidden]";
  }
}
