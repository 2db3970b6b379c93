package io.runbookd.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a click through its {@code response_url}: the message itself, with its buttons replaced
 * by who decided, or a note only the clicker sees when nothing was decided. Only URLs under the
 * configured prefix (Slack's by default) are ever posted to.
 */
final class SlackReply {
  private static final Logger log = LoggerFactory.getLogger(SlackReply.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final String prefix;

  SlackReply(HttpClient http, String prefix) {
    this.http = http;
    this.prefix = prefix;
  }

  /** Replaces the message: the same blocks, the buttons gone, who decided and when in their place. */
  CompletableFuture<Integer> decided(Click click, Instant at) {
    ObjectNode body = JSON.createObjectNode().put("replace_original", true);
    String verb = click.decision().equals("approved") ? ":white_check_mark: *Approved*" : ":no_entry: *Denied*";
    String line = verb + " by <@" + click.userId() + "> at " + at + " (runbookd incident `" + click.incidentId() + "`)";
    body.put("text", (click.decision().equals("approved") ? "Approved" : "Denied") + " by " + click.userId());
    ArrayNode blocks = body.putArray("blocks");
    click.blocks().ifPresent(old -> old.forEach(b -> {
      if (!"actions".equals(b.path("type").asText())) {
        blocks.add(b);
      }
    }));
    blocks.addObject().put("type", "section").set("text",
        JSON.createObjectNode().put("type", "mrkdwn").put("text", line));
    return post(click, body);
  }

  /** A note only the clicker sees; the message stays as it is. */
  CompletableFuture<Integer> note(Click click, String text) {
    return post(click, JSON.createObjectNode().put("response_type", "ephemeral").put("replace_original", false)
        .put("text", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")));
  }

  private CompletableFuture<Integer> post(Click click, JsonNode body) {
    if (click.responseUrl().isEmpty() || !click.responseUrl().get().startsWith(prefix)) {
      log.warn("slack: not answering incident {}'s click: its response_url is not under slack.responseUrlPrefix",
          click.incidentId());
      return CompletableFuture.completedFuture(0);
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(click.responseUrl().get())).timeout(TIMEOUT)
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
          .exceptionally(e -> {
            log.warn("slack: updating the message of incident {} failed ({})", click.incidentId(),
                e.getClass().getSimpleName());
            return 0;
          });
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return CompletableFuture.completedFuture(0);
    }
  }
}
