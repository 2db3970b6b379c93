package io.runbookd.slack;

import io.runbookd.api.Decisions;
import io.runbookd.config.RunbookdConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/interactions}: Approve and Deny clicks from Slack. The signature and its
 * timestamp are checked on the raw body before anything is parsed, a request seen before is
 * refused, and only the configured approvers decide, through the same atomic {@link Decisions}
 * as the API. Slack wants an answer within 3 seconds: the answer goes out when the decision is
 * recorded or after {@link #ANSWER_WITHIN}, whichever is first; the message is then updated
 * through its {@code response_url}.
 */
public final class SlackInteractions {
  private static final Logger log = LoggerFactory.getLogger(SlackInteractions.class);
  static final Duration ANSWER_WITHIN = Duration.ofMillis(2500);
  private static final int MAX_BODY = 256 * 1024;

  private final Vertx vertx;
  private final Decisions decisions;
  private final SlackSignature signature;
  private final ReplayGuard replays = new ReplayGuard();
  private final Set<String> approvers;
  private final SlackReply reply;
  private final Clock clock;

  private SlackInteractions(Vertx vertx, Decisions decisions, RunbookdConfig.Slack config, Clock clock) {
    this.vertx = vertx;
    this.decisions = decisions;
    this.signature = new SlackSignature(config.signingSecret().orElseThrow());
    this.approvers = Set.copyOf(config.approvers());
    this.reply = new SlackReply(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        config.responseUrlPrefix());
    this.clock = clock;
  }

  /** Mounts the endpoint when a signing secret is configured; without one the path does not exist. */
  public static Optional<SlackInteractions> mount(Router router, Vertx vertx, Decisions decisions,
      RunbookdConfig.Slack config, Clock clock) {
    if (config.signingSecret().isEmpty()) {
      return Optional.empty();
    }
    SlackInteractions slack = new SlackInteractions(vertx, decisions, config, clock);
    router.post("/slack/interactions")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY).setMergeFormAttributes(false))
        .handler(slack::handle);
    return Optional.of(slack);
  }

  private void handle(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String sent = ctx.request().getHeader("X-Slack-Signature");
    SlackSignature.Verdict verdict = signature.check(ctx.request().getHeader("X-Slack-Request-Timestamp"), sent,
        body, clock.instant());
    if (verdict != SlackSignature.Verdict.VALID) {
      refuse(ctx, 401, "signature " + verdict.name().toLowerCase(java.util.Locale.ROOT));
      return;
    }
    ReplayGuard.Verdict seen = replays.admit(sent, clock.instant());
    if (seen != ReplayGuard.Verdict.NEW) {
      refuse(ctx, seen == ReplayGuard.Verdict.REPLAYED ? 401 : 503,
          "request " + seen.name().toLowerCase(java.util.Locale.ROOT));
      return;
    }
    Optional<Click> click = Click.parse(Optional.ofNullable(ctx.request().getFormAttribute("payload")).orElse(""));
    if (click.isEmpty()) {
      ctx.response().setStatusCode(200).end();  // another interaction of the app: not ours to answer
      return;
    }
    if (!approvers.contains(click.get().userId())) {
      log.warn("slack: {} is not in slack.approvers; nothing decided on incident {}", click.get().userId(),
          click.get().incidentId());
      reply.note(click.get(), "You are not an approver for runbookd (slack.approvers): nothing was decided.");
      refuse(ctx, 403, "not an approver");
      return;
    }
    decide(ctx, click.get());
  }

  private void decide(RoutingContext ctx, Click click) {
    AtomicBoolean answered = new AtomicBoolean();
    long timer = vertx.setTimer(ANSWER_WITHIN.toMillis(), t -> {
      if (answered.compareAndSet(false, true)) {
        ctx.response().setStatusCode(200).end();
      }
    });
    vertx.executeBlocking(() -> decisions.decide(click.incidentId(), click.decision(), click.by()), false)
        .onComplete(done -> {
          vertx.cancelTimer(timer);
          boolean ok = done.succeeded() && done.result().ok();
          log.info("slack: {} {} incident {}: {}", click.by(), click.decision(), click.incidentId(),
              ok ? "decided" : done.succeeded() ? done.result().error() : "store unavailable");
          if (ok) {
            reply.decided(click, clock.instant());
          } else {
            reply.note(click, done.succeeded() ? "Nothing was decided: " + done.result().error()
                : "Nothing was decided: runbookd's store is unavailable. Try again.");
          }
          if (answered.compareAndSet(false, true)) {
            ctx.response().setStatusCode(ok || done.succeeded() ? 200 : 503).end();
          }
        });
  }

  private static void refuse(RoutingContext ctx, int status, String why) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end("{\"error\":\"" + why + "\"}");
  }
}
