package io.runbookd.silence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpTarget;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.SilenceCandidate;
import io.runbookd.store.SilenceStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Alertmanager's silences in step with the incidents runbookd works on, level-triggered:
 * every few seconds it reads which incidents should have silences (working on, unacknowledged,
 * their rule asks) and which silences exist, creates the missing ones, renews those about to end,
 * and lifts the rest. Nothing in the engine calls it: an incident that escalates, fails, is
 * acknowledged or ends loses its silences at the next pass. Several replicas may run it at once.
 */
public final class SilenceKeeper {
  /** How often it runs. */
  public static final Duration EVERY = Duration.ofSeconds(5);
  /** Alerts (distinct label sets) silenced per incident at most; each is a silence of its own. */
  static final int MAX_ALERTS = 20;

  private static final Logger log = LoggerFactory.getLogger(SilenceKeeper.class);
  private static final Set<IncidentStatus> WORKING = EnumSet.copyOf(
      Arrays.stream(IncidentStatus.values()).filter(IncidentStatus::inFlight).toList());

  private final SilenceStore store;
  private final Supplier<RuleSet> rules;
  private final Wishes wishes;
  private final Convergence convergence;
  private final Sweeps sweeps;
  private final Clock clock;
  private boolean warnedUnconfigured;

  SilenceKeeper(SilenceStore store, Supplier<RuleSet> rules, Wishes wishes, Convergence convergence, Sweeps sweeps,
      Clock clock) {
    this.store = store;
    this.rules = rules;
    this.wishes = wishes;
    this.convergence = convergence;
    this.sweeps = sweeps;
    this.clock = clock;
  }

  /** The keeper for the configured Alertmanagers, mode and link base. */
  public static SilenceKeeper of(RunbookdConfig config, SilenceStore store, Supplier<RuleSet> rules, Clock clock) {
    Map<String, HttpTarget> alertmanagers = new LinkedHashMap<>();
    for (URI url : config.alertmanager().urls()) {
      HttpTarget target = AlertmanagerApi.target(url);
      alertmanagers.put(target.display(), target);
    }
    ObjectMapper json = new ObjectMapper();
    AlertmanagerApi api = new AlertmanagerApi(config.alertmanager().token(),
        new BlockingHttp(Duration.ofSeconds(5), clock), new BlockingPost(Duration.ofSeconds(5), clock));
    Lines lines = new Lines(json, MAX_ALERTS);
    SilenceCalls calls = new SilenceCalls(store, api, alertmanagers, lines, json, config.server().externalUrl(), clock);
    return new SilenceKeeper(store, rules, new Wishes(config.mode(), List.copyOf(alertmanagers.keySet())),
        new Convergence(calls), new Sweeps(new Recovery(store, api, lines), calls, alertmanagers), clock);
  }

  /** One pass; a failure is logged and the next pass starts over from the store. */
  public void tick() {
    try {
      Map<String, Rule> asking = asking();
      Instant now = clock.instant();
      sweeps.run(store.live(), now);
      List<SilenceCandidate> incidents = store.candidates(WORKING, asking.keySet(), MAX_ALERTS);
      List<Wanted> wanted = wishes.of(incidents, asking, now);
      sweeps.retry(store.live(), wanted, now);
      convergence.converge(store.live(), wanted, asking.keySet(), now);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, Rule> asking() {
    Map<String, Rule> out = rules.get().rules().stream()
        .filter(r -> r.silence().isPresent() && r.match().isPresent())
        .collect(Collectors.toMap(Rule::id, r -> r, (a, b) -> a));
    if (!out.isEmpty() && wishes.unconfigured() && !warnedUnconfigured) {
      log.warn("rules {} ask for silences, but alertmanager.url is not set: none will be created", out.keySet());
      warnedUnconfigured = true;
    }
    return out;
  }
}
