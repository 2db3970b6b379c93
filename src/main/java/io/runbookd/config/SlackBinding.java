package io.runbookd.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Binds {@code slack.*}: the signing secret, the approvers and where decided messages may go. */
final class SlackBinding {
  /** Slack user ids: {@code U…} for users, {@code W…} for Enterprise Grid users. */
  private static final String USER_ID = "[UW][A-Z0-9]{2,20}";

  private static final int MIN_SECRET_LENGTH = 16;

  private SlackBinding() {}

  static RunbookdConfig.Slack bind(Binder b) {
    Optional<Secret> secret = b.secret("slack.signingSecret");
    if (secret.isPresent() && secret.get().reveal().length() < MIN_SECRET_LENGTH) {
      b.problem("slack.signingSecret", "must be at least " + MIN_SECRET_LENGTH + " characters long");
      secret = Optional.empty();
    }
    List<String> approvers = b.list("slack.approvers");
    for (String id : approvers) {
      if (!id.matches(USER_ID)) {
        b.problem("slack.approvers", "'" + clip(id) + "' is not a Slack user id such as U0123ABCD");
      }
    }
    if (secret.isPresent() && approvers.isEmpty()) {
      b.problem("slack.approvers", "is empty while slack.signingSecret is set: nobody could decide from Slack");
    }
    if (secret.isEmpty() && !approvers.isEmpty() && b.raw("slack.signingSecret").isEmpty()
        && b.raw("slack.signingSecretFile").isEmpty()) {
      b.problem("slack.approvers", "is set, but slack.signingSecret is not: set the Slack app's signing secret");
    }
    return new RunbookdConfig.Slack(secret, approvers, prefix(b));
  }

  /** A prefix ending in "/", so that {@code https://hooks.slack.com.example} cannot pass as Slack. */
  private static String prefix(Binder b) {
    String text = b.text("slack.responseUrlPrefix", RunbookdConfig.Slack.DEFAULT_RESPONSE_URL_PREFIX);
    Optional<URI> uri = b.parseUri("slack.responseUrlPrefix", text, true);
    if (uri.isPresent() && (!uri.get().getRawPath().endsWith("/") || uri.get().getRawUserInfo() != null
        || uri.get().getRawQuery() != null)) {
      b.problem("slack.responseUrlPrefix", "must be a plain http(s) URL ending in '/', such as "
          + RunbookdConfig.Slack.DEFAULT_RESPONSE_URL_PREFIX);
    }
    return text;
  }

  private static String clip(String text) {
    String safe = text.replaceAll("[^A-Za-z0-9_-]", "?");
    return safe.length() <= 32 ? safe : safe.substring(0, 32) + "…";
  }
}
