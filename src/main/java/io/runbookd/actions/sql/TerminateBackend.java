package io.runbookd.actions.sql;

import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.sql.SqlWriters;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RB-102's {@code SELECT pg_terminate_backend(<pid>)}, made safe: ends one session that blocks
 * others or whose transaction is older than a threshold, named by pid and {@code backend_start} as
 * the {@code blocking} and {@code long_transactions} queries of {@code sql.query} report them.
 * Never a superuser's session, runbookd's own, another database's or a non-client process. The
 * session is confirmed gone afterwards. Transient: ending a session changes no desired state.
 */
public final class TerminateBackend implements Action<TerminateParams> {
  public static final Duration CONFIRM_WITHIN = Duration.ofSeconds(5);
  static final long DEFAULT_MIN_SECONDS = 60;
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  private static final Param PID =
      Param.required(
          "pid",
          ParamType.INTEGER,
          "the session's pid, e.g. {expr: \"probes.blocking.root_blockers[0]\"}",
          Checks.range(1, Integer.MAX_VALUE));
  private static final Param BACKEND_START =
      Param.required(
          "backend_start",
          ParamType.STRING,
          "the session's backend_start as the probe reports it (ISO-8601); a reused pid with"
              + " another start is left alone",
          value ->
              instant(String.valueOf(value)).isPresent()
                  ? Optional.empty()
                  : Optional.of(
                      "'" + Checks.clip(value) + "' is not an ISO-8601 timestamp with offset"));
  private static final Param REASON =
      Param.required(
          "reason",
          ParamType.STRING,
          "blocking (it holds a lock others wait for) or long_running (transaction open for at"
              + " least min_seconds)",
          value ->
              TerminateParams.Reason.named(String.valueOf(value)).isPresent()
                  ? Optional.empty()
                  : Optional.of(
                      "must be blocking or long_running, got '" + Checks.clip(value) + "'"));
  private static final Param MIN_SECONDS =
      Param.optional(
          "min_seconds",
          ParamType.INTEGER,
          "long_running: the least age of the session's transaction (default 60)",
          Checks.range(0, 31_536_000));

  private final SqlWriters writers;
  private final Duration confirmWithin;
  private final PluginInfo info;

  public TerminateBackend(SqlWriters writers) {
    this(writers, CONFIRM_WITHIN);
  }

  /**
   * @param confirmWithin how long to wait for the signalled session to disappear
   */
  public TerminateBackend(SqlWriters writers, Duration confirmWithin) {
    this.writers = Objects.requireNonNull(writers);
    this.confirmWithin = Objects.requireNonNull(confirmWithin);
    this.info =
        new PluginInfo(
            "sql.terminate_backend",
            "Ends one PostgreSQL session that blocks others or runs too long"
                + " (pg_terminate_backend), never a superuser's or runbookd's own, and confirms"
                + " it is gone.",
            "- id: kill_blocker\n"
                + "  action: sql.terminate_backend\n"
                + "  params:\n"
                + "    datasource: nba_stats\n"
                + "    pid: {expr: \"probes.blocking.blockers[0].pid\"}\n"
                + "    backend_start: {expr: \"probes.blocking.blockers[0].backend_start\"}\n"
                + "    reason: blocking",
            List.of(SqlActionParams.datasource(writers), PID, BACKEND_START, REASON, MIN_SECONDS),
            List.of(
                "PostgreSQL: role pg_signal_backend (ends non-superuser sessions; not superuser)",
                "PostgreSQL: role pg_monitor (sees every session's backend_start and locks)"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public TerminateParams bind(Params params) throws ParamException {
    TerminateParams.Reason reason =
        TerminateParams.Reason.named(params.string("reason")).orElseThrow();
    if (reason == TerminateParams.Reason.BLOCKING && params.asMap().containsKey("min_seconds")) {
      throw new ParamException("min_seconds", "is only read with reason long_running");
    }
    return new TerminateParams(
        params.string(SqlActionParams.DATASOURCE),
        params.integer("pid", 0),
        instant(params.string("backend_start")).orElseThrow(),
        reason,
        params.integer("min_seconds", DEFAULT_MIN_SECONDS));
  }

  /** ISO-8601 with an offset ({@code Z} or {@code +02:00}), as PostgreSQL's timestamptz is. */
  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public Target target(TerminateParams p) {
    return new Target("sql:" + p.datasource(), "session/" + p.pid(), Optional.empty());
  }

  @Override
  public String describe(TerminateParams p) {
    return "terminate session " + p.session() + " in " + p.datasource() + ": " + p.condition();
  }

  @Override
  public Outcome execute(TerminateParams p) throws Exception {
    return writers.write(
        p.datasource(), STATEMENT_TIMEOUT, s -> new Termination(s, p, confirmWithin).run());
  }

  /** DONE when the session is gone, NOT_APPLIED while it is still there. */
  @Override
  public Outcome recheck(TerminateParams p, Instant startedAt) throws Exception {
    Termination.Seen seen =
        writers.write(p.datasource(), STATEMENT_TIMEOUT, s -> Termination.seen(s, p));
    return switch (seen) {
      case GONE -> Outcome.done(p.session() + " is gone");
      case ALIVE -> Outcome.notApplied(p.session() + " is still connected");
      case HIDDEN ->
          Outcome.unknown(
              "runbookd cannot see the details of pid " + p.pid() + " (it needs pg_monitor)");
    };
  }

  /** Every run re-checks the session in the statement that ends it: repeating is harmless. */
  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }
}
