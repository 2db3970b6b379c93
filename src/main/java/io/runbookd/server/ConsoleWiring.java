package io.runbookd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.api.Access;
import io.runbookd.api.Decisions;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.console.Console;
import io.runbookd.escalation.Pagers;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.slack.SlackInteractions;
import io.runbookd.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connects the people's doors to the daemon: the web console (whose sessions the read API also
 * accepts) and, when a signing secret is configured, Slack's Approve and Deny buttons.
 */
final class ConsoleWiring {
  private final Vertx vertx;
  private final RunbookdConfig config;
  private final Clock clock;
  private final Console console;

  private ConsoleWiring(Vertx vertx, RunbookdConfig config, Clock clock, Console console) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.console = console;
  }

  /** Opens the console's signing key in the store; before any route is mounted. */
  static ConsoleWiring create(Vertx vertx, RunbookdConfig config, Store store, Clock clock) {
    return new ConsoleWiring(vertx, config, clock, Console.open(vertx, store, config.api(), clock, new ObjectMapper()));
  }

  /** Who a request is: bearer tokens, console sessions, loopback. */
  Access access() {
    return console.access();
  }

  void mount(Router router, Decisions decisions, RuleRegistry rules, Pagers pagers,
      Supplier<Map<String, Object>> status) {
    console.mount(router, new Console.Parts(decisions, rules,
        pagers.all().stream().map(p -> p.info().name()).sorted().toList(), status));
    SlackInteractions.mount(router, vertx, decisions, config.slack(), clock);
  }
}
