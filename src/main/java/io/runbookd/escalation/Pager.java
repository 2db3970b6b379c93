package io.runbookd.escalation;

import io.runbookd.plugin.PluginInfo;

/**
 * Tells a human. Contract: {@link #send} delivers one page or throws; it never logs or returns
 * the pager's secrets (keys, webhook URLs). Delivery retries belong to the caller.
 */
public interface Pager {
  PluginInfo info();

  default String name() {
    return info().name();
  }

  /** Delivers the page; returns one line for the timeline (e.g. the pager's dedup key). */
  String send(Page page) throws Exception;
}
