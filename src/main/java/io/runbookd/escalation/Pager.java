package io.runbookd.escalation;

import io.runbookd.plugin.PluginInfo;

/**
 * Tells a human. Contract: {@link #send} makes one delivery attempt and reports how it ended;
 * it does not retry or sleep (the outbox does), and it never logs or returns the pager's
 * secrets (keys, webhook URLs). A transport failure (no answer) is a {@code RETRY}, not an
 * exception.
 */
public interface Pager {
  PluginInfo info();

  default String name() {
    return info().name();
  }

  /** Whether this pager runs its own escalation (PagerDuty, Opsgenie) or needs ours (Slack). */
  default boolean escalatesItself() {
    return false;
  }

  /**
   * Whether a human can answer this pager's messages in place (Approve and Deny buttons): only
   * such pagers are sent the pages that ask for an approval ({@link Page#approval()}).
   */
  default boolean carriesButtons() {
    return false;
  }

  Delivery send(Page page);
}
