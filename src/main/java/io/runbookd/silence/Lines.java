package io.runbookd.silence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.SilenceRow;
import io.runbookd.store.TimelineLine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The timeline lines of silences: one for every change, saying what and why. */
final class Lines {
  static final String KIND = "silence";

  private final ObjectMapper json;
  private final int maxAlerts;

  Lines(ObjectMapper json, int maxAlerts) {
    this.json = json;
    this.maxAlerts = maxAlerts;
  }

  TimelineLine created(Wanted w, String silenceId) {
    String more = w.incident().firing() > w.incident().labelSets().size()
        ? "; " + (w.incident().firing() - w.incident().labelSets().size()) + " more firing alerts are not silenced"
            + " (at most " + maxAlerts + " per incident)"
        : "";
    return line("silenced alert " + w.matchers().display() + " in Alertmanager " + w.alertmanager() + " until "
        + at(w.endsAt()) + " (silence " + silenceId + ")" + more, w.alertmanager(), silenceId, "active");
  }

  TimelineLine refused(Wanted w, String error) {
    return line("Alertmanager " + w.alertmanager() + " refused to silence " + w.matchers().display() + ": " + error,
        w.alertmanager(), null, "expired");
  }

  TimelineLine createFailed(Wanted w, String error) {
    return line("could not silence " + w.matchers().display() + " in Alertmanager " + w.alertmanager() + " yet ("
        + error + "); retrying", w.alertmanager(), null, "creating");
  }

  TimelineLine adopted(SilenceRow row, String silenceId) {
    return line("found silence " + silenceId + " in Alertmanager " + row.alertmanager() + ", created before runbookd"
        + " restarted", row.alertmanager(), silenceId, "active");
  }

  TimelineLine lifted(SilenceRow row, String silenceId, String reason) {
    return line("lifted silence " + silenceId + " in Alertmanager " + row.alertmanager() + ": " + reason,
        row.alertmanager(), silenceId, "expired");
  }

  TimelineLine vanished(SilenceRow row) {
    return line("silence " + row.silenceId().orElse("?") + " is no longer in Alertmanager " + row.alertmanager()
        + " (restarted without its data?)", row.alertmanager(), row.silenceId().orElse(null), "expired");
  }

  TimelineLine leftover(SilenceRow row, String silenceId, String alertmanager) {
    return line("expired silence " + silenceId + " in Alertmanager " + alertmanager + ": left over from an earlier"
        + " attempt", alertmanager, silenceId, "expired");
  }

  TimelineLine liftFailed(SilenceRow row, String error) {
    return line("could not lift silence " + row.silenceId().orElse("?") + " in Alertmanager " + row.alertmanager()
        + " yet (" + error + "); retrying until it ends at " + at(row.endsAt()), row.alertmanager(),
        row.silenceId().orElse(null), "expiring");
  }

  TimelineLine unconfigured(SilenceRow row) {
    return line("Alertmanager " + row.alertmanager() + " is no longer configured: silence "
        + row.silenceId().orElse("?") + " there ends by itself at " + at(row.endsAt()), row.alertmanager(),
        row.silenceId().orElse(null), "expired");
  }

  TimelineLine ended(SilenceRow row) {
    String which = row.silenceId().map(id -> "silence " + id).orElse("the silence of " + display(row));
    return line(which + " in Alertmanager " + row.alertmanager() + " ended at " + at(row.endsAt()),
        row.alertmanager(), row.silenceId().orElse(null), "expired");
  }

  TimelineLine neverCreated(SilenceRow row, String why) {
    return line("the silence of " + display(row) + " in Alertmanager " + row.alertmanager() + " was not created ("
        + why + ")", row.alertmanager(), null, "expired");
  }

  TimelineLine planned(Wanted w, List<String> alertmanagers) {
    String where = alertmanagers.isEmpty() ? "Alertmanager (alertmanager.url is not set)"
        : "Alertmanager " + String.join(", ", alertmanagers);
    return line("dry-run: would silence alert " + w.matchers().display() + " in " + where + " until "
        + at(w.endsAt()) + "; nothing was sent", null, null, "planned");
  }

  TimelineLine unplanned(SilenceRow row, String reason) {
    return line("dry-run: would lift the silence of " + display(row) + " now: " + reason, null, null, "expired");
  }

  /** Why a silence is no longer wanted, from where its incident stands. */
  static String reason(SilenceRow row, boolean ruleAsks, boolean wantedElsewhere) {
    if (row.incidentStatus().isEmpty()) {
      return "its incident is gone";
    }
    if (row.ended()) {
      return "the incident ended";
    }
    if (row.acked()) {
      return "a human acknowledged the incident";
    }
    IncidentStatus status = row.incidentStatus().get();
    return switch (status) {
      case ESCALATED -> "the incident escalated";
      case FAILED -> "runbookd could not run the runbook";
      case VERIFIED -> "the fix verified";
      case RESOLVED -> "the incident ended";
      case UNMATCHED -> "the incident has no runbook";
      case MATCHED, DIAGNOSING, ACTING, AWAITING_APPROVAL, VERIFYING -> !ruleAsks
          ? "its rule no longer asks for silences"
          : wantedElsewhere ? "the mode or alertmanager.url changed" : "its alert is no longer firing";
    };
  }

  private String display(SilenceRow row) {
    return Matchers.parse(row.matchers(), json).map(Matchers::display).orElse("its alert");
  }

  private TimelineLine line(String message, String alertmanager, String silenceId, String state) {
    var data = json.createObjectNode().put("state", state);
    Optional.ofNullable(alertmanager).ifPresent(a -> data.put("alertmanager", a));
    Optional.ofNullable(silenceId).ifPresent(s -> data.put("silence", s));
    return new TimelineLine(KIND, message, data.toString());
  }

  private static String at(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
