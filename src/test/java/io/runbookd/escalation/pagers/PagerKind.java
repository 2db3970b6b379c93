package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Pager;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The four HTTP pagers, for tests every pager must pass: how to build one against a fake server
 * with a given secret, where it posts and what its service answers on success.
 */
enum PagerKind {
  PAGERDUTY {
    @Override
    Pager make(String base, String secret, Duration timeout) {
      URI url = URI.create(base + "/v2/enqueue");
      return new PagerDutyPager(url, Secret.of(secret), Pages.http(), timeout);
    }

    @Override
    String path(String secret) {
      return "/v2/enqueue";
    }

    @Override
    ResponseDefinitionBuilder success() {
      return aResponse()
          .withStatus(202)
          .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}");
    }
  },
  OPSGENIE {
    @Override
    Pager make(String base, String secret, Duration timeout) {
      return new OpsgeniePager(URI.create(base), Secret.of(secret), Pages.http(), timeout);
    }

    @Override
    String path(String secret) {
      return "/v2/alerts";
    }

    @Override
    ResponseDefinitionBuilder success() {
      return aResponse()
          .withStatus(202)
          .withBody(
              "{\"result\":\"Request will be processed\",\"took\":0.2,\"requestId\":\"r-1\"}");
    }
  },
  SLACK {
    @Override
    Pager make(String base, String secret, Duration timeout) {
      return new SlackPager(Secret.of(base + path(secret)), Pages.http(), timeout);
    }

    @Override
    String path(String secret) {
      return "/services/T00000000/B00000000/" + secret;
    }

    @Override
    ResponseDefinitionBuilder success() {
      return aResponse().withStatus(200).withBody("ok");
    }
  },
  WEBHOOK {
    @Override
    Pager make(String base, String secret, Duration timeout) {
      Map<String, Secret> headers = Map.of("Authorization", Secret.of("Bearer " + secret));
      return new WebhookPager(URI.create(base + "/hook"), headers, Pages.http(), timeout);
    }

    @Override
    String path(String secret) {
      return "/hook";
    }

    @Override
    ResponseDefinitionBuilder success() {
      return aResponse().withStatus(204);
    }
  };

  abstract Pager make(String base, String secret, Duration timeout);

  abstract String path(String secret);

  abstract ResponseDefinitionBuilder success();
}
