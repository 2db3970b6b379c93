package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pager;
import io.runbookd.escalation.pagers.OpsgeniePager;
import io.runbookd.escalation.pagers.PagerDutyPager;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.escalation.pagers.WebhookPager;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The pagers the configuration enables: {@code log} always, the others when their secret is set. */
final class ConfiguredPagers {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ConfiguredPagers() {}

  /** @param slackButtons whether Slack's clicks reach runbookd (a signing secret is configured) */
  static List<Pager> of(RunbookdConfig.Pagers config, boolean slackButtons, HttpClient http) {
    List<Pager> pagers = new ArrayList<>();
    pagers.add(new LogPager());
    config.pagerdutyRoutingKey().ifPresent(
        key -> pagers.add(new PagerDutyPager(config.pagerdutyUrl(), key, http, TIMEOUT)));
    config.opsgenieApiKey().ifPresent(
        key -> pagers.add(new OpsgeniePager(config.opsgenieUrl(), key, http, TIMEOUT)));
    config.slackWebhookUrl().ifPresent(url -> pagers.add(new SlackPager(url, slackButtons, http, TIMEOUT)));
    config.webhookUrl().ifPresent(url -> pagers.add(new WebhookPager(url,
        config.webhookAuthorization().map(a -> java.util.Map.of("Authorization", a)).orElse(java.util.Map.of()),
        http, TIMEOUT)));
    return pagers;
  }
}
